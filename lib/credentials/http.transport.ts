import type { ExecutionContext } from '@nestjs/common';
import type { CallRequest } from './call-request.interface';
import type { TokenReaders } from './token-readers.factory';

/** The request of an HTTP call: Express's `req` or Fastify's `request`. */
export function getHttpRequest(context: ExecutionContext): CallRequest {
  // What switchToHttp().getRequest() returns, without the three closures switchToHttp() makes per call.
  return context.getArgByIndex(0);
}

/** The response of an HTTP call: Express's `res` or Fastify's `reply`. */
export function getHttpResponse(context: ExecutionContext): unknown {
  return context.getArgByIndex(1);
}

/** The token of an HTTP request (or of the request under a GraphQL call): its header. */
export function readHttpToken(request: { headers?: unknown }, readers: TokenReaders): string | undefined {
  const headers = request.headers;
  return typeof headers === 'object' && headers !== null
    ? readers.header(headers as Readonly<Record<string, unknown>>)
    : undefined;
}
