import { loadOptionalPackage } from './optional-package.util';
import { isServerFault, REFUSAL_MESSAGES, type RefusalCode } from './refusal.constants';

/**
 * A refused GraphQL call at the edge: a `GraphQLError` whose `extensions.code` is `UNAUTHENTICATED`
 * (anonymous) or `FORBIDDEN` (a user without the permission), the codes Apollo and most clients
 * know, `INTERNAL_SERVER_ERROR` when the server's GroupFinder failed (`SERVICE_UNAVAILABLE` when it
 * did not answer in time), and whose `extensions.reason` is the {@link RefusalCode}. A
 * `GraphQLError` passes through every driver's error formatting as it is, with the table's message,
 * never a library's or the GroupFinder's own.
 */
export function graphqlRefusal(code: RefusalCode): Error {
  const { GraphQLError } = loadOptionalPackage<typeof import('graphql')>('graphql', 'Refusing a GraphQL call');
  return new GraphQLError(REFUSAL_MESSAGES[code], { extensions: { code: graphqlCodeOf(code), reason: code } });
}

function graphqlCodeOf(code: RefusalCode): string {
  if (code === 'permission_denied') return 'FORBIDDEN';
  if (code === 'group_finder_timeout') return 'SERVICE_UNAVAILABLE';
  return isServerFault(code) ? 'INTERNAL_SERVER_ERROR' : 'UNAUTHENTICATED';
}
