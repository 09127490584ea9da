// An RFC 7638 thumbprint with SHA-256: 32 bytes, base64url without padding.
const JWK_THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` is spelled as an RFC 7638 SHA-256 thumbprint: what a `cnf.jkt` holds. */
export function isJwkThumbprint(value: unknown): value is string {
  return typeof value === 'string' && JWK_THUMBPRINT.test(value);
}

/**
 * The DPoP key a token's claims bind it to (RFC 9449 §6.1: `cnf.jkt`), or `undefined` when they
 * bind it to none. A `cnf` of another kind (an mTLS certificate's `x5t#S256`) is not DPoP's to judge.
 */
export function boundKeyOf(claims: object): string | undefined {
  const cnf = (claims as { readonly cnf?: unknown }).cnf;
  if (typeof cnf !== 'object' || cnf === null) return undefined;
  const jkt = (cnf as { jkt?: unknown }).jkt;
  if (jkt === undefined) return undefined;
  // Bound, but to no key a proof can have: a Bearer use is still refused, and no proof matches.
  return typeof jkt === 'string' ? jkt : '';
}
