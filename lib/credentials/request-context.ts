import type { ExecutionContext } from '@nestjs/common';

/**
 * The request object of the current call: Express's `req` or Fastify's `request`. The one place
 * that knows about `context.getType()`.
 */
export function getRequest(context: ExecutionContext): Record<string | symbol, any> {
  // What switchToHttp().getRequest() returns, without the three closures switchToHttp() makes per call.
  return context.getArgByIndex(0);
}

/** The response object of the current HTTP call (Express `res` or Fastify `reply`). */
export function getResponse(context: ExecutionContext): unknown {
  return context.switchToHttp().getResponse();
}
