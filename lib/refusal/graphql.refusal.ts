import { IntrinsicException } from '@nestjs/common';
import { isGraphqlWsConnection } from '../credentials/graphql-ws.transport';
import { closeGraphqlWsConnection } from './graphql-ws.refusal';
import { isCredentialsRefusal, REFUSAL_MESSAGES, type RefusalCode } from './refusal.constants';

/** What a refused GraphQL call carries in its error's `extensions`. */
export interface GraphqlRefusalExtensions {
  /** `UNAUTHENTICATED` (anonymous) or `FORBIDDEN` (a user without the permission). */
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  /** Why the call was refused. */
  readonly reason: RefusalCode;
}

/**
 * A refused GraphQL call: GraphQL turns it into an error of the response (or of the subscription)
 * with its message and its `extensions`, `{ code: 'UNAUTHENTICATED' | 'FORBIDDEN', reason }`,
 * the codes Apollo and most clients know. An `IntrinsicException` rather than a `GraphQLError`:
 * Nest logs every other error a resolver's guard throws, stack and all, and a refusal is an
 * answer, not a failure. It never becomes an `INTERNAL_SERVER_ERROR`: drivers keep an error's own
 * `extensions.code`.
 */
export class GraphqlRefusal extends IntrinsicException {
  /** The GraphQL error's `extensions`. */
  readonly extensions: GraphqlRefusalExtensions;

  constructor(readonly reason: RefusalCode) {
    super(REFUSAL_MESSAGES[reason]);
    this.name = 'GraphqlRefusal';
    this.extensions = { code: reason === 'permission_denied' ? 'FORBIDDEN' : 'UNAUTHENTICATED', reason };
  }
}

/**
 * A refused GraphQL call at the edge: a {@link GraphqlRefusal}. When the call is a subscription
 * whose `graphql-ws` connection presented credentials that can never succeed (a bad, expired or
 * revoked token, a refused user), the connection is also closed with 4401 once the error is sent:
 * its `connection_init` cannot change, so it is not left open half-authenticated.
 */
export function graphqlRefusal(code: RefusalCode, request?: unknown): Error {
  if (isCredentialsRefusal(code) && isGraphqlWsConnection(request)) {
    // The error reaches the client within the same chain of promises, before the next turn.
    setImmediate(() => closeGraphqlWsConnection(request, code));
  }
  return new GraphqlRefusal(code);
}
