import type { ExecutionContext } from '@nestjs/common';
import { getCallType, getRequest } from '../credentials/request-context.util';
import type { CallDescription } from './jwt-auth.events';

/**
 * Where a call went, for events and logs: its transport, `Class.method` of its handler and, over
 * HTTP, `METHOD /path` without the query string (which may carry a token).
 */
export function describeCallOf(context: ExecutionContext): CallDescription {
  const transport = getCallType(context);
  const handler = `${context.getClass()?.name ?? '?'}.${context.getHandler()?.name ?? '?'}`;
  if (transport !== 'http') return { transport, handler, route: undefined };
  const request = getRequest(context) as { method?: unknown; url?: unknown; originalUrl?: unknown };
  const url = typeof request.originalUrl === 'string' ? request.originalUrl : request.url;
  const route =
    typeof request.method === 'string' && typeof url === 'string'
      ? `${request.method} ${url.split('?')[0]}`
      : undefined;
  return { transport, handler, route };
}
