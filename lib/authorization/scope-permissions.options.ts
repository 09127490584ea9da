import { Allow } from './acl.constants';
import type { Acl } from './acl.interface';
import { normalizePermission } from './permission.util';
import { SCOPE_TOKEN, scopePrincipal } from './scope.util';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import { configError, describeValue } from '../utils/config-error.util';

/**
 * The permissions each OAuth scope grants, scope first: `{ 'documents.read': 'view',
 * 'documents.write': ['view', 'edit'] }`. A token granted a scope (in its `scope` or `scp` claim)
 * holds the principal `scope:<name>`, and the scope's permissions are granted to that principal as
 * if the root ACL began with `[Allow, 'scope:<name>', permissions]`.
 */
export type ScopePermissions = Readonly<Record<string, string | readonly string[]>>;

/** {@link ScopePermissions} after start-up validation, frozen: what the guard and the ACLs read. */
export interface ResolvedScopePermissions {
  /** Every scope named, in the order given. Empty when the option is not set. */
  readonly scopes: readonly string[];
  /** The scopes that grant each permission, in the order given. */
  readonly scopesByPermission: ReadonlyMap<string, readonly string[]>;
  /** The principals (`scope:<name>`) that hold each permission. */
  readonly principalsByPermission: ReadonlyMap<string, readonly string[]>;
  /** The ACEs `[Allow, 'scope:<name>', permissions]`, one per scope, put before the root ACL. */
  readonly aces: Acl;
}

/** The resolved value when `scopePermissions` is not set. */
export const NO_SCOPE_PERMISSIONS: ResolvedScopePermissions = Object.freeze({
  scopes: Object.freeze([]),
  scopesByPermission: new Map(),
  principalsByPermission: new Map(),
  aces: Object.freeze([]),
});

const EXAMPLE = "{ 'documents.read': 'view', 'documents.write': ['view', 'edit'] }";

function resolvePermissions(scope: string, value: unknown): readonly string[] {
  const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (list.length === 0 || !list.every((p) => typeof p === 'string' && p !== '')) {
    configError(
      `"scopePermissions" maps the scope ${JSON.stringify(scope)} to ${typeof value === 'string' ? JSON.stringify(value) : describeValue(value)}: give a permission name or a non-empty array of them, as in ${EXAMPLE}.`,
    );
  }
  const permissions = (list as string[]).map(normalizePermission);
  for (const permission of permissions) {
    if (permission === Everyone || permission === Authenticated) {
      configError(
        `"scopePermissions" lets the scope ${JSON.stringify(scope)} grant ${permission}, which the guard decides from the token alone; map scopes to the application's own permissions, such as 'view'.`,
      );
    }
  }
  return Object.freeze([...new Set(permissions)]);
}

/**
 * Validates `scopePermissions` at start-up: a plain object whose keys are scope names (printable
 * ASCII without spaces, quotes or backslashes, so that a challenge can name them) and whose values
 * are the permissions each grants.
 */
export function resolveScopePermissions(option: unknown): ResolvedScopePermissions {
  if (option === undefined) return NO_SCOPE_PERMISSIONS;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    configError(`"scopePermissions" must map scope names to permissions, as in ${EXAMPLE}.`);
  }
  const scopesByPermission = new Map<string, string[]>();
  const aces: Array<Acl[number]> = [];
  const scopes = Object.keys(option);
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope)) {
      configError(
        `"scopePermissions" names the scope ${JSON.stringify(scope)}: a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 §3.3).`,
      );
    }
    const permissions = resolvePermissions(scope, (option as Record<string, unknown>)[scope]);
    aces.push(Object.freeze([Allow, scopePrincipal(scope), permissions] as const));
    for (const permission of permissions) {
      const granting = scopesByPermission.get(permission) ?? [];
      granting.push(scope);
      scopesByPermission.set(permission, granting);
    }
  }
  if (scopes.length === 0) return NO_SCOPE_PERMISSIONS;
  const principalsByPermission = new Map<string, readonly string[]>();
  for (const [permission, granting] of scopesByPermission) {
    Object.freeze(granting);
    principalsByPermission.set(permission, Object.freeze(granting.map(scopePrincipal)));
  }
  return Object.freeze({
    scopes: Object.freeze(scopes),
    scopesByPermission,
    principalsByPermission,
    aces: Object.freeze(aces),
  });
}
