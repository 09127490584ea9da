import type { ExecutionContext } from '@nestjs/common';

/**
 * The HTTP request under a GraphQL call, which carries the token and keeps the identity for every
 * resolver of the operation. The GraphQL context is the resolver's third argument (what
 * `GqlExecutionContext.getContext()` returns, read here without loading `@nestjs/graphql`); the
 * request is its `req` (Apollo on Express and Fastify, which Nest always sets), Mercurius'
 * `reply.request`, or else the context itself (a subscription context the application built,
 * which may then expose `headers`).
 */
export function getGraphqlRequest(context: ExecutionContext): Record<string | symbol, any> {
  const graphqlContext = context.getArgByIndex(2);
  if (typeof graphqlContext !== 'object' || graphqlContext === null) return context.getArgs();
  const request = graphqlContext.req ?? graphqlContext.request ?? graphqlContext.reply?.request;
  return typeof request === 'object' && request !== null ? request : graphqlContext;
}
