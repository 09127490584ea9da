import type { ExecutionContext } from '@nestjs/common';
import type { CallRequest } from './call-request.interface';
import { getGraphqlRequest, isGraphqlConnectionCall, readGraphqlToken } from './graphql.transport';
import { getHttpRequest, getHttpResponse, readHttpToken } from './http.transport';
import { getRpcCarrier, readRpcToken } from './rpc.transport';
import type { TokenReaders } from './token-readers.factory';
import { getWsClient, readWsToken } from './ws.transport';

/** The transports the guard and the decorators know; anything else is treated as HTTP. */
export type CallType = 'http' | 'graphql' | 'ws' | 'rpc';

/**
 * The transport of the current call, from `context.getType()`: the one place that knows it. Only
 * strings are compared, so no transport package is loaded.
 */
export function getCallType(context: ExecutionContext): CallType {
  const type = context.getType<string>();
  return type === 'graphql' || type === 'ws' || type === 'rpc' ? type : 'http';
}

/**
 * Whether the current call runs on a long-lived connection that keeps its identity for the next
 * calls: a WebSocket message, or a GraphQL subscription.
 */
export function isConnectionCall(context: ExecutionContext): boolean {
  const type = getCallType(context);
  return type === 'ws' || (type === 'graphql' && isGraphqlConnectionCall(context));
}

/**
 * The object that carries the identity of the current call, which the parameter decorators read
 * and the GroupFinder receives as `request`: the HTTP request (also under GraphQL), the WebSocket
 * client, or the RPC context of a microservice message.
 */
export function getRequest(context: ExecutionContext): CallRequest {
  switch (getCallType(context)) {
    case 'graphql':
      return getGraphqlRequest(context);
    case 'ws':
      return getWsClient(context);
    case 'rpc':
      return getRpcCarrier(context);
    default:
      return getHttpRequest(context);
  }
}

/** The response object of the current HTTP call (Express `res` or Fastify `reply`). */
export function getResponse(context: ExecutionContext): unknown {
  return getHttpResponse(context);
}

/**
 * The raw token of the current call, where its transport carries it: the HTTP header (also for
 * GraphQL queries), a GraphQL subscription's `connection_init` payload, the WebSocket handshake,
 * or the RPC metadata and payload. `request` is what
 * {@link getRequest} returned; without a context, it is read as an HTTP request.
 */
export function readCallToken(
  context: ExecutionContext | undefined,
  request: CallRequest,
  readers: TokenReaders,
): string | undefined {
  switch (context && getCallType(context)) {
    case 'graphql':
      return readGraphqlToken(context!, request, readers);
    case 'ws':
      return readWsToken(request, readers);
    case 'rpc':
      return readRpcToken(context!, readers);
    default:
      return readHttpToken(request, readers);
  }
}
