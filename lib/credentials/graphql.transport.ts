import type { ExecutionContext } from '@nestjs/common';
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
export function getGraphqlRequest(context: ExecutionContext): Record<string | symbol, any> {
  const graphqlContext = context.getArgByIndex(2);
  if (typeof graphqlContext !== 'object' || graphqlContext === null) return context.getArgs();
  const request = graphqlContext.req ?? graphqlContext.request ?? graphqlContext.reply?.request;
  return typeof request === 'object' && request !== null ? request : graphqlContext;
}

/**
 * The token of a GraphQL call: the header of its HTTP request, or, for a subscription, what its
 * `graphql-ws` connection sent at `connection_init` (see {@link readGraphqlWsToken}).
 */
export function readGraphqlToken(
  request: Record<string | symbol, any>,
  readers: TokenReaders,
): string | undefined {
  return isGraphqlWsConnection(request)
    ? readGraphqlWsToken(request, readers)
    : readHttpToken(request, readers);
}
