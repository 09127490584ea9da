import { Authenticated, Everyone } from '../jwt-auth.constants';
import { AllPermissionsList, Allow, Deny } from './acl.constants';
import type { Ace, Acl } from './acl.interface';

const SYSTEM_PRINCIPALS: Readonly<Record<string, string>> = { Everyone, Authenticated };

/**
 * What is wrong with an ACE, or `undefined` when it is well formed: an array of three elements,
 * `Allow` or `Deny`, a non-empty principal, and a non-empty permission, a list of them or
 * `ALL_PERMISSIONS`.
 */
export function describeAceProblem(ace: unknown): string | undefined {
  if (!Array.isArray(ace) || ace.length !== 3) {
    return 'must be an array [Allow | Deny, principal, permission | permission[] | ALL_PERMISSIONS]';
  }
  // Indexed reads, not destructuring: this runs for every ACE of a resource ACL on each request.
  const action: unknown = ace[0];
  const principal: unknown = ace[1];
  const permissions: unknown = ace[2];
  if (action !== Allow && action !== Deny) {
    return `starts with ${JSON.stringify(action)}: use Allow or Deny`;
  }
  if (typeof principal !== 'string' || principal === '') {
    return 'needs a principal name as its second element, such as Authenticated, a group or userPrincipal(userId)';
  }
  if (typeof permissions === 'string' ? permissions === '' : !isPermissionList(permissions)) {
    return 'needs a permission name, a non-empty array of them, or ALL_PERMISSIONS as its third element';
  }
  return undefined;
}

function isPermissionList(permissions: unknown): boolean {
  if (permissions instanceof AllPermissionsList) return true;
  if (!Array.isArray(permissions) || permissions.length === 0) return false;
  for (const permission of permissions) {
    if (typeof permission !== 'string' || permission === '') return false;
  }
  return true;
}

/**
 * An ACL checked and frozen, for the `acl` option; throws an `Error` with `fail`'s prefix naming the
 * first bad entry. A bare `'Everyone'` or `'Authenticated'` principal is refused: it would never
 * match, as the request's principals are the `Everyone` and `Authenticated` constants.
 */
export function resolveAcl(acl: unknown, fail: (message: string) => never): Acl {
  if (!Array.isArray(acl)) fail('"acl" must be an array of entries [Allow | Deny, principal, permissions].');
  return Object.freeze(
    acl.map((ace: unknown, index): Ace => {
      const problem = describeAceProblem(ace);
      if (problem) fail(`"acl[${index}]" ${problem}.`);
      const [action, principal, permissions] = ace as Ace;
      if (SYSTEM_PRINCIPALS[principal]) {
        fail(
          `"acl[${index}]" names the principal '${principal}': use the ${principal} constant of nestjs-jwt-permissions.`,
        );
      }
      const frozen = Array.isArray(permissions)
        ? Object.freeze([...(permissions as readonly string[])])
        : permissions;
      return Object.freeze([action, principal, frozen] as const);
    }),
  );
}
