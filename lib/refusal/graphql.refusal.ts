import { QuietRefusal } from './quiet-refusal.exception';
import type { RefusalCode } from './refusal.constants';

/** The `extensions` of a refused GraphQL call's error. */
export interface GraphqlRefusalExtensions {
  /**
   * `UNAUTHENTICATED` (anonymous) or `FORBIDDEN` (a user without the permission), the codes Apollo
   * and most clients know; `SERVICE_UNAVAILABLE` while the revocations are out of date.
   */
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'SERVICE_UNAVAILABLE';
  /** The {@link RefusalCode}. */
  readonly reason: RefusalCode;
}

// `extensions.code` of each refusal that is not UNAUTHENTICATED.
const GRAPHQL_CODES: Partial<Record<RefusalCode, GraphqlRefusalExtensions['code']>> = {
  permission_denied: 'FORBIDDEN',
  session_store_unavailable: 'SERVICE_UNAVAILABLE',
};

/**
 * A refused GraphQL call at the edge. graphql-js reports it as a `GraphQLError` with its message and
 * its `extensions`: `code` `UNAUTHENTICATED` or `FORBIDDEN` (`SERVICE_UNAVAILABLE` while the
 * revocations are out of date), and `reason`, the refusal code; so it
 * never becomes an `INTERNAL_SERVER_ERROR`. Not logged, and without a stack (see {@link QuietRefusal}).
 */
export class GraphqlRefusal extends QuietRefusal {
  readonly extensions: GraphqlRefusalExtensions;

  constructor(code: RefusalCode) {
    super(code);
    this.name = 'GraphqlRefusal';
    this.stack = `${this.name}: ${this.message}`;
    this.extensions = { code: GRAPHQL_CODES[code] ?? 'UNAUTHENTICATED', reason: code };
  }
}

/** The error a refused GraphQL call is answered with: a {@link GraphqlRefusal}. */
export function graphqlRefusal(code: RefusalCode): Error {
  return new GraphqlRefusal(code);
}
