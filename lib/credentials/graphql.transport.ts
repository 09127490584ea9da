import type { ExecutionContext } from '@nestjs/common';
import type { CallRequest } from './call-request.interface';
import { isGraphqlWsConnection, readConnectionToken, readGraphqlWsToken } from './graphql-ws.transport';
import { readHttpToken } from './http.transport';
import type { TokenReaders } from './token-readers.factory';

/**
 * The object under a GraphQL call that carries the token and keeps the identity for every
 * resolver of the operation. The GraphQL context is the resolver's third argument (what
 * `GqlExecutionContext.getContext()` returns, read here without loading `@nestjs/graphql`); the
 * carrier is its `req`: the HTTP request for queries and mutations (Apollo on Express and Fastify,
 * Mercurius: Nest's drivers always set it), the `graphql-ws` connection context for Apollo's
 * subscriptions (Nest sets `req` to it too, so a connection keeps one identity for all its
 * subscriptions). Mercurius's subscriptions have no `req`: their context's `request` is the
 * connection's upgrade request, shared by its subscriptions. Else, outside Nest's drivers,
 * Mercurius's `reply.request`, or the context itself.
 */
export function getGraphqlRequest(context: ExecutionContext): CallRequest {
  const graphqlContext = context.getArgByIndex<unknown>(2);
  if (!isObject(graphqlContext)) return context.getArgs<unknown[]>() as object as CallRequest;
  const request =
    graphqlContext.req ??
    graphqlContext.request ??
    (isObject(graphqlContext.reply) ? graphqlContext.reply.request : undefined);
  return isObject(request) ? request : graphqlContext;
}

/**
 * Whether the GraphQL context is a Mercurius subscription's: Mercurius keeps the connection's
 * `connection_init` payload on it as `_connectionInit`, and no `req`.
 */
function isMercuriusSubscription(graphqlContext: CallRequest): boolean {
  return graphqlContext.req === undefined && Object.hasOwn(graphqlContext, '_connectionInit');
}

/**
 * Whether a GraphQL call runs on a long-lived connection whose carrier keeps the identity for its
 * later calls: a subscription, on a `graphql-ws` connection (Apollo) or on Mercurius's.
 */
export function isGraphqlConnectionCall(context: ExecutionContext): boolean {
  const graphqlContext = context.getArgByIndex<unknown>(2);
  if (!isObject(graphqlContext)) return false;
  return isMercuriusSubscription(graphqlContext) || isGraphqlWsConnection(graphqlContext.req);
}

/**
 * The HTTP response of a GraphQL operation, to set a header on: the GraphQL context's `res`
 * (Express, when the application's `context` passes it), its `reply` (Mercurius; Apollo on Fastify
 * when the application's `context` passes it), else the request's `res`, which Express sets.
 * `undefined` when none is reachable: a subscription (Mercurius's stands in a `reply` that holds
 * only the upgrade request: the response went with the upgrade), or Apollo on Fastify with Nest's
 * default context (`{ req }` only: a Fastify request does not know its reply).
 */
export function getGraphqlResponse(context: ExecutionContext): object | undefined {
  const graphqlContext = context.getArgByIndex<unknown>(2);
  if (!isObject(graphqlContext) || isMercuriusSubscription(graphqlContext)) return undefined;
  const response = graphqlContext.res ?? graphqlContext.reply ?? getGraphqlRequest(context).res;
  return isObject(response) ? response : undefined;
}

function isObject(value: unknown): value is CallRequest {
  return typeof value === 'object' && value !== null;
}

/**
 * The token of a GraphQL call: the header of its HTTP request, or, for a subscription, what its
 * connection sent at `connection_init` (see {@link readGraphqlWsToken}), then its upgrade request's
 * header. `request` is what {@link getGraphqlRequest} returned. Mercurius copies the
 * `connection_init` payload's fields into the upgrade request's headers as they are spelled (so
 * `Authorization` or `token` is never read as the header) and never over the request's own: the
 * payload is read here as `graphql-ws`'s is, so that a subscription takes its token the same way on
 * either driver, and never from a cookie.
 */
export function readGraphqlToken(
  context: ExecutionContext,
  request: CallRequest,
  readers: TokenReaders,
): string | undefined {
  if (isGraphqlWsConnection(request)) return readGraphqlWsToken(request, readers);
  // A guard subclass may hand its own `extractCredentials` a context of `getType` alone.
  const graphqlContext =
    typeof context.getArgByIndex === 'function' ? context.getArgByIndex<unknown>(2) : undefined;
  return isObject(graphqlContext) && isMercuriusSubscription(graphqlContext)
    ? readConnectionToken(graphqlContext._connectionInit, request, readers)
    : readHttpToken(request, readers);
}
