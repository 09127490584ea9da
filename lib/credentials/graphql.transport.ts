import type { ExecutionContext } from '@nestjs/common';
import type { CallRequest } from './call-request.interface';
import { isGraphqlWsConnection, readGraphqlWsToken } from './graphql-ws.transport';
import { readHttpToken } from './http.transport';
import type { TokenReaders } from './token-readers.factory';

/**
 * The object under a GraphQL call that carries the token and keeps the identity for every
 * resolver of the operation. The GraphQL context is the resolver's third argument (what
 * `GqlExecutionContext.getContext()` returns, read here without loading `@nestjs/graphql`); the
 * carrier is its `req`: the HTTP request for queries and mutations (Apollo on Express and Fastify,
 * which Nest always sets), the `graphql-ws` connection context for subscriptions (Nest sets `req`
 * to it too, so a connection keeps one identity for all its subscriptions); else Mercurius'
 * `reply.request`, or the context itself.
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
 * The HTTP response of a GraphQL operation, to set a header on: the GraphQL context's `res`
 * (Express, when the application's `context` passes it), its `reply` (Mercurius; Apollo on Fastify
 * when the application's `context` passes it), else the request's `res`, which Express sets.
 * `undefined` when none is reachable: a `graphql-ws` subscription, or Apollo on Fastify with Nest's
 * default context (`{ req }` only: a Fastify request does not know its reply).
 */
export function getGraphqlResponse(context: ExecutionContext): object | undefined {
  const graphqlContext = context.getArgByIndex<unknown>(2);
  if (!isObject(graphqlContext)) return undefined;
  const response = graphqlContext.res ?? graphqlContext.reply ?? getGraphqlRequest(context).res;
  return isObject(response) ? response : undefined;
}

function isObject(value: unknown): value is CallRequest {
  return typeof value === 'object' && value !== null;
}

/**
 * The token of a GraphQL call: the header of its HTTP request, or, for a subscription, what its
 * `graphql-ws` connection sent at `connection_init` (see {@link readGraphqlWsToken}).
 */
export function readGraphqlToken(request: CallRequest, readers: TokenReaders): string | undefined {
  return isGraphqlWsConnection(request)
    ? readGraphqlWsToken(request, readers)
    : readHttpToken(request, readers);
}
