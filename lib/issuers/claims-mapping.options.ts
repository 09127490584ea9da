import { configError } from '../utils/config-error.util';
import { userPrincipal } from '../identity/user-principal.util';

/**
 * One rule turning a claim of an identity provider's token into principals: each string the claim
 * holds becomes `prefix` + that string. `{ claim: 'realm_access.roles', prefix: 'role:' }` turns
 * `{ "realm_access": { "roles": ["admin"] } }` into the principal `role:admin`.
 */
export interface ClaimMapping {
  /**
   * Where the claim is: a top-level name (`roles`), a dotted path into nested objects
   * (`realm_access.roles`), or a namespaced claim named by a URL (`https://example.com/roles`),
   * which is one top-level name whatever dots it holds. When a name on the way holds a dot (a
   * Keycloak client id such as `my.api`), give the path's names as an array:
   * `['resource_access', 'my.api', 'roles']`.
   */
  claim: string | readonly string[];
  /**
   * Put before every value, so that a mapped principal can never be mistaken for a user id, a
   * group the GroupFinder returns, or another claim's principals: `role:`, `group:`, `scope:`.
   * Required and non-empty; without whitespace; never `system.` (the system principals' namespace).
   */
  prefix: string;
  /**
   * Split a string value on spaces, as OAuth scopes are (`"documents.read documents.write"`, RFC
   * 6749 §3.3). Array values are taken element by element either way. Default `false`: a string is
   * one value.
   */
  spaceSeparated?: boolean;
}

/** A {@link ClaimMapping} after start-up validation: the path split once, every field set. */
export interface ResolvedClaimMapping {
  /** The names to walk down from the claims set. */
  readonly path: readonly string[];
  /** As {@link ClaimMapping.prefix}. */
  readonly prefix: string;
  /** As {@link ClaimMapping.spaceSeparated}. */
  readonly spaceSeparated: boolean;
}

const MAPPING_KEYS = new Set(['claim', 'prefix', 'spaceSeparated']);
// Pyramid's system principals (`system.Everyone`, `system.Authenticated`) live under this namespace,
// and the user's own principal under the second: a mapped value must never pass for either.
const SYSTEM_NAMESPACE = 'system.';
const USER_NAMESPACE = userPrincipal('');

function resolvePath(claim: unknown, where: string): readonly string[] {
  if (Array.isArray(claim)) {
    if (claim.length === 0 || !claim.every((name) => typeof name === 'string' && name !== '')) {
      configError(
        `${where}.claim must be a non-empty array of claim names, such as ['resource_access', 'my.api', 'roles'].`,
      );
    }
    return Object.freeze([...(claim as string[])]);
  }
  if (typeof claim !== 'string' || claim === '') {
    configError(
      `${where}.claim must name a claim: a name ('roles'), a dotted path ('realm_access.roles') or a URL ('https://example.com/roles').`,
    );
  }
  // A namespaced claim (Auth0 asks for them) is named by a URL: one name, dots and all.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(claim)) return Object.freeze([claim]);
  const path = claim.split('.');
  if (path.includes('')) {
    configError(
      `${where}.claim ${JSON.stringify(claim)} has an empty name in its dotted path; when a name holds a dot, give the path as an array of names.`,
    );
  }
  return Object.freeze(path);
}

function resolvePrefix(prefix: unknown, where: string): string {
  if (typeof prefix !== 'string' || prefix === '') {
    configError(
      `${where}.prefix must be a non-empty string, such as 'role:': without one, a mapped value could pass for a user id or a group.`,
    );
  }
  if (/\s/.test(prefix))
    configError(
      `${where}.prefix ${JSON.stringify(prefix)} holds whitespace; use a plain namespace such as 'role:'.`,
    );
  // A user's own principal is `user:<id>`: no prefix may start it, or 'use' + 'r:alice' would be alice.
  if (prefix.startsWith(USER_NAMESPACE) || USER_NAMESPACE.startsWith(prefix)) {
    configError(
      `${where}.prefix ${JSON.stringify(prefix)} could make a claim pass for a user's principal ('user:<id>'); choose another, such as 'role:'.`,
    );
  }
  if (prefix.startsWith(SYSTEM_NAMESPACE)) {
    configError(
      `${where}.prefix ${JSON.stringify(prefix)} is in the "system." namespace of Everyone and Authenticated; choose another, such as 'role:'.`,
    );
  }
  return prefix;
}

/**
 * Validates claim mappings at start-up and splits their paths once; `where` names the option in
 * error messages (`issuers[0].claims`). Throws with a message that says how to fix the mapping.
 */
export function resolveClaimMappings(mappings: unknown, where: string): readonly ResolvedClaimMapping[] {
  if (!Array.isArray(mappings)) {
    configError(
      `${where} must be an array of { claim, prefix } rules, or a preset such as keycloakClaims({ clientIds: ['my-api'] }).`,
    );
  }
  return Object.freeze(
    mappings.map((mapping: unknown, index) => {
      const at = `${where}[${index}]`;
      if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping))
        configError(`${at} must be an object { claim, prefix, spaceSeparated? }.`);
      for (const key of Object.keys(mapping)) {
        if (!MAPPING_KEYS.has(key))
          configError(`${at}.${key} is not an option; a claim mapping has claim, prefix and spaceSeparated.`);
      }
      const { claim, prefix, spaceSeparated } = mapping as Record<string, unknown>;
      if (spaceSeparated !== undefined && typeof spaceSeparated !== 'boolean')
        configError(`${at}.spaceSeparated must be true or false.`);
      return Object.freeze({
        path: resolvePath(claim, at),
        prefix: resolvePrefix(prefix, at),
        spaceSeparated: spaceSeparated === true,
      });
    }),
  );
}
