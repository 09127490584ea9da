import { loadOptionalPackage } from './optional-package.util';
import { REFUSAL_MESSAGES, type RefusalCode } from './refusal.constants';

// `extensions.code` of each refusal that is not UNAUTHENTICATED.
const GRAPHQL_CODES: Partial<Record<RefusalCode, string>> = {
  permission_denied: 'FORBIDDEN',
  session_store_unavailable: 'SERVICE_UNAVAILABLE',
};

/**
 * A refused GraphQL call at the edge: a `GraphQLError` whose `extensions.code` is `UNAUTHENTICATED`
 * (anonymous) or `FORBIDDEN` (a user without the permission) (`SERVICE_UNAVAILABLE` while the
 * revocations are out of date), the codes Apollo and most clients
 * know, and whose `extensions.reason` is the {@link RefusalCode}. A `GraphQLError` passes through
 * every driver's error formatting as it is, so the refusal never becomes an `INTERNAL_SERVER_ERROR`.
 */
export function graphqlRefusal(code: RefusalCode): Error {
  const { GraphQLError } = loadOptionalPackage<typeof import('graphql')>('graphql', 'Refusing a GraphQL call');
  return new GraphQLError(REFUSAL_MESSAGES[code], {
    extensions: { code: GRAPHQL_CODES[code] ?? 'UNAUTHENTICATED', reason: code },
  });
}
