import { Allow } from './acl.constants';
import { AclAllowed, AclDenied, DEFAULT_DENY, NO_ACL_FOUND, type AclDecision } from './acl-decision.model';
import type { Ace, AcePermissions, Acl, AclResource } from './acl.interface';
import { describeAceProblem } from './acl.validation';
import { Everyone } from '../jwt-auth.constants';

/** The top of every lineage when the `acl` option is set: a resource holding the root ACL. */
export class RootResource implements AclResource {
  constructor(readonly __acl__: Acl) {}

  toString(): string {
    return 'root';
  }
}

/**
 * Pyramid's `ACLHelper.permits`: walks from `context` up its `__parent__`s to `root`; in each ACL
 * the first ACE whose principal is among `principals` and whose permissions include `permission`
 * decides (Allow grants, Deny refuses). A resource without an ACL, or with an empty one, defers to
 * its parent; when nothing matches anywhere, the permission is refused.
 */
export function aclPermits(
  context: unknown,
  principals: readonly string[],
  permission: string,
  root?: RootResource,
): AclDecision {
  let lastAcl: Acl | typeof NO_ACL_FOUND = NO_ACL_FOUND;
  for (const location of lineage(context, root)) {
    const acl = aclOf(location);
    if (acl === undefined) continue;
    lastAcl = acl;
    const trusted = location === root;
    for (const ace of acl) {
      if (!trusted) check(ace, location);
      if (principals.includes(ace[1]) && includesPermission(ace[2], permission)) {
        const Decision = ace[0] === Allow ? AclAllowed : AclDenied;
        return new Decision(ace, acl, permission, principals, location);
      }
    }
  }
  return new AclDenied(DEFAULT_DENY, lastAcl, permission, principals, context ?? root);
}

/**
 * Pyramid's `ACLHelper.principals_allowed_by_permission`: the principals granted `permission` on
 * `context`, found by walking from the root down. An Allow adds its principal unless a Deny earlier
 * in the same ACL named it; a Deny removes its principal from what the parents allowed, and a Deny
 * of `Everyone` discards everything the parents allowed.
 */
export function principalsAllowedByPermission(
  context: unknown,
  permission: string,
  root?: RootResource,
): Set<string> {
  let allowed = new Set<string>();
  for (const location of lineage(context, root).reverse()) {
    const acl = aclOf(location);
    if (acl === undefined) continue;
    const allowedHere = new Set<string>();
    const deniedHere = new Set<string>();
    const trusted = location === root;
    for (const ace of acl) {
      if (!trusted) check(ace, location);
      const principal = ace[1];
      if (!includesPermission(ace[2], permission)) continue;
      if (ace[0] === Allow) {
        if (!deniedHere.has(principal)) allowedHere.add(principal);
        continue;
      }
      deniedHere.add(principal);
      if (principal === Everyone) {
        // (Deny, Everyone, ...) ends this ACL and anything the parents allowed
        allowed = new Set();
        break;
      }
      allowed.delete(principal);
    }
    for (const principal of allowedHere) allowed.add(principal);
  }
  return allowed;
}

/** `context`, its `__parent__`s, then `root`: the resources whose ACLs apply, nearest first. */
export function lineage(context: unknown, root?: RootResource): unknown[] {
  const locations: unknown[] = [];
  const seen = new Set<unknown>();
  for (let location = context; location !== undefined && location !== null; location = parentOf(location)) {
    if (seen.has(location)) throw new TypeError('The __parent__ chain of a resource loops back on itself.');
    seen.add(location);
    locations.push(location);
  }
  if (root && !seen.has(root)) locations.push(root);
  return locations;
}

function parentOf(location: unknown): unknown {
  return (location as AclResource).__parent__;
}

// A resource's ACL, called if it is a function; `undefined` when it has none.
function aclOf(location: unknown): Acl | undefined {
  const declared = (location as AclResource).__acl__;
  if (declared === undefined || declared === null) return undefined;
  const acl = typeof declared === 'function' ? declared.call(location, location as never) : declared;
  if (!Array.isArray(acl)) {
    throw new TypeError(
      `The __acl__ of ${describe(location)} must be an array of ACEs, or a function returning one.`,
    );
  }
  return acl as Acl;
}

// Resource ACLs are built at run time (often from stored data), so each ACE is checked where it is
// read: a malformed one fails the request instead of being skipped, which could skip a Deny. The
// root ACL was checked at start-up.
function check(ace: unknown, location: unknown): asserts ace is Ace {
  const problem = describeAceProblem(ace);
  if (problem)
    throw new TypeError(`An ACE in the __acl__ of ${describe(location)} ${problem}; got ${String(ace)}.`);
}

function describe(location: unknown): string {
  return (location as object)?.constructor?.name ?? typeof location;
}

// One name is compared whole, never as a substring; a list and ALL_PERMISSIONS answer `includes`.
function includesPermission(permissions: AcePermissions, permission: string): boolean {
  return typeof permissions === 'string' ? permissions === permission : permissions.includes(permission);
}
