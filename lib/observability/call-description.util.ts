import type { ExecutionContext } from '@nestjs/common';
import { isConnectionContext } from '../credentials/connection-context.util';
import { getCallType, getRequest } from '../credentials/request-context.util';
import type { CallDescription } from './jwt-auth.events';

// `Class.method` by handler, built once: a handler may be inherited by several classes.
const handlerNames = new WeakMap<Function, { readonly controller: Function; readonly name: string }>();

/** The `handler` of a connection authenticated outside any call (graphql-ws `connection_init`, a gateway's `handleConnection`). */
export const CONNECTION_HANDLER = '(connection)';

function handlerNameOf(context: ExecutionContext): string {
  if (isConnectionContext(context)) return CONNECTION_HANDLER;
  const handler = context.getHandler();
  const controller = context.getClass();
  const known = handler === undefined ? undefined : handlerNames.get(handler);
  if (known?.controller === controller) return known.name;
  const name = `${controller?.name ?? '?'}.${handler?.name ?? '?'}`;
  if (handler !== undefined && controller !== undefined) handlerNames.set(handler, { controller, name });
  return name;
}

/**
 * Where a call went, for events and logs: its transport, `Class.method` of its handler (or
 * `(connection)` for a connection authenticated as it opens) and, over HTTP, `METHOD /path` without
 * the query string (which may carry a token).
 */
export function describeCallOf(context: ExecutionContext): CallDescription {
  const transport = getCallType(context);
  const handler = handlerNameOf(context);
  if (transport !== 'http') return { transport, handler, route: undefined };
  const request = getRequest(context) as { method?: unknown; url?: unknown; originalUrl?: unknown };
  const url = typeof request.originalUrl === 'string' ? request.originalUrl : request.url;
  const route =
    typeof request.method === 'string' && typeof url === 'string'
      ? `${request.method} ${url.split('?')[0]}`
      : undefined;
  return { transport, handler, route };
}
