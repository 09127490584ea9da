import type { VerifiedClaims } from '../identity/identity.interface';

/**
 * RFC 6749 §3.3 scope-token: printable ASCII without space, double quote or backslash, so that it
 * can be written as it is into a `WWW-Authenticate` challenge (RFC 6750 §3).
 */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The prefix of the principal a granted scope becomes (`scope:documents.read`), as `scopeClaims()` maps it. */
export const SCOPE_PRINCIPAL_PREFIX = 'scope:';

/** The principal of a granted scope: `scope:documents.read`. */
export function scopePrincipal(scope: string): string {
  return SCOPE_PRINCIPAL_PREFIX + scope;
}

// Adds the scopes of a claim: a space-separated string (RFC 6749 §3.3), or an array of them.
function addScopes(granted: Set<string>, claim: unknown): void {
  if (typeof claim === 'string') {
    for (const scope of claim.split(' ')) if (scope !== '') granted.add(scope);
  } else if (Array.isArray(claim)) {
    for (const scope of claim) if (typeof scope === 'string' && scope !== '') granted.add(scope);
  }
}

/**
 * The scopes verified claims grant: those of `scope` (RFC 8693 §4.2, RFC 9068 §2.2.3) and of `scp`
 * (Entra ID, Okta), each a space-separated string or an array. Empty without claims.
 */
export function tokenScopes(claims: VerifiedClaims | undefined): Set<string> {
  const granted = new Set<string>();
  if (claims === undefined) return granted;
  addScopes(granted, claims.scope);
  addScopes(granted, claims.scp);
  return granted;
}

/** Whether verified claims grant every one of `required` (see {@link tokenScopes}). */
export function grantsScopes(claims: VerifiedClaims | undefined, required: readonly string[]): boolean {
  if (claims === undefined) return false;
  const granted = tokenScopes(claims);
  return required.every((scope) => granted.has(scope));
}
