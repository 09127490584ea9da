import type { VerifiedClaims } from '../identity/identity.interface';

// Adds the scopes of a claim: a space-separated string (RFC 6749 §3.3), or an array of them.
function addScopes(granted: Set<string>, claim: unknown): void {
  if (typeof claim === 'string') {
    for (const scope of claim.split(' ')) if (scope !== '') granted.add(scope);
  } else if (Array.isArray(claim)) {
    for (const scope of claim) if (typeof scope === 'string' && scope !== '') granted.add(scope);
  }
}

/**
 * Whether verified claims grant every one of `required`: the scopes of `scope` (RFC 8693 §4.2,
 * RFC 9068 §2.2.3) and of `scp` (Entra ID, Okta), each a space-separated string or an array.
 */
export function grantsScopes(claims: VerifiedClaims | undefined, required: readonly string[]): boolean {
  if (claims === undefined) return false;
  const granted = new Set<string>();
  addScopes(granted, claims.scope);
  addScopes(granted, claims.scp);
  return required.every((scope) => granted.has(scope));
}
