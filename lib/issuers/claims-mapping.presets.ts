import { configError } from '../utils/config-error.util';
import type { ClaimMapping } from './claims-mapping.options';

/** OAuth scopes (`scope`, RFC 8693 §4.2 and RFC 9068; `scp`, as Entra ID and Okta name it) as `scope:NAME`. */
export function scopeClaims(): ClaimMapping[] {
  return [
    { claim: 'scope', prefix: 'scope:', spaceSeparated: true },
    { claim: 'scp', prefix: 'scope:', spaceSeparated: true },
  ];
}

/** What {@link keycloakClaims} maps besides realm roles and scopes. */
export interface KeycloakClaimsOptions {
  /** Clients whose roles (`resource_access.<client>.roles`) to map, as `client-role:<client>:<role>`. Default: none. */
  clientIds?: readonly string[];
}

/**
 * Keycloak's access tokens: realm roles (`realm_access.roles`) as `role:NAME`, the roles of the
 * listed clients (`resource_access.<client>.roles`) as `client-role:CLIENT:NAME`, and `scope` as
 * `scope:NAME`. A `groups` claim exists only with a group membership mapper: add
 * `{ claim: 'groups', prefix: 'group:' }` for it.
 */
export function keycloakClaims(options: KeycloakClaimsOptions = {}): ClaimMapping[] {
  const clientIds: unknown = options.clientIds ?? [];
  if (!Array.isArray(clientIds) || !clientIds.every((id) => typeof id === 'string' && id !== '')) {
    configError(`keycloakClaims({ clientIds }) takes the client ids whose roles to map, such as ['my-api'].`);
  }
  return [
    { claim: ['realm_access', 'roles'], prefix: 'role:' },
    // An array path: Keycloak client ids may hold dots.
    ...(clientIds as string[]).map((id): ClaimMapping => ({
      claim: ['resource_access', id, 'roles'],
      prefix: `client-role:${id}:`,
    })),
    { claim: 'scope', prefix: 'scope:', spaceSeparated: true },
  ];
}

/**
 * Microsoft Entra ID's access tokens: app roles (`roles`) as `role:NAME`, group object ids
 * (`groups`) as `group:ID`, and delegated scopes (`scp`) as `scope:NAME`. A user in too many groups
 * gets no `groups` claim but a link to Microsoft Graph (`_claim_names`), which is not followed: map
 * app roles instead, or find groups in a GroupFinder.
 */
export function entraIdClaims(): ClaimMapping[] {
  return [
    { claim: 'roles', prefix: 'role:' },
    { claim: 'groups', prefix: 'group:' },
    { claim: 'scp', prefix: 'scope:', spaceSeparated: true },
  ];
}

/** Amazon Cognito's access tokens: user pool groups (`cognito:groups`) as `group:NAME`, and `scope` as `scope:NAME`. */
export function cognitoClaims(): ClaimMapping[] {
  return [
    { claim: 'cognito:groups', prefix: 'group:' },
    { claim: 'scope', prefix: 'scope:', spaceSeparated: true },
  ];
}

/** What {@link auth0Claims} maps besides permissions and scopes. */
export interface Auth0ClaimsOptions {
  /**
   * The namespaced claim an Auth0 Action puts the user's roles in, such as
   * `https://example.com/roles`, mapped as `role:NAME`. Default: none (Auth0 adds no roles claim
   * by itself).
   */
  rolesClaim?: string;
}

/**
 * Auth0's access tokens: RBAC permissions (`permissions`, with "Add Permissions in the Access
 * Token" on) as `permission:NAME`, `scope` as `scope:NAME`, and the roles of `rolesClaim` as `role:NAME`.
 */
export function auth0Claims(options: Auth0ClaimsOptions = {}): ClaimMapping[] {
  const { rolesClaim } = options;
  if (rolesClaim !== undefined && (typeof rolesClaim !== 'string' || rolesClaim === '')) {
    configError(
      `auth0Claims({ rolesClaim }) takes the namespaced claim of the roles, such as 'https://example.com/roles'.`,
    );
  }
  return [
    { claim: 'permissions', prefix: 'permission:' },
    { claim: 'scope', prefix: 'scope:', spaceSeparated: true },
    ...(rolesClaim === undefined ? [] : [{ claim: rolesClaim, prefix: 'role:' }]),
  ];
}
