import { createHash, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A JWK Set (RFC 7517 §5): what `getJwks()` returns and what `jwksUri` serves. */
export interface JsonWebKeySet {
  /** The keys; each published one has `kid`, `alg` and `use: 'sig'`. */
  keys: JsonWebKey[];
}

/** The members that make up each key type's public key, in RFC 7638's (lexicographic) order. */
export const JWK_PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};
/** Members that only a private or symmetric JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
export const JWK_PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** Whether a JWK carries a private or symmetric part. */
export function hasPrivateMembers(jwk: object): boolean {
  return JWK_PRIVATE_MEMBERS.some((member) => Object.prototype.hasOwnProperty.call(jwk, member));
}

/**
 * The public members of an asymmetric key as a JWK, and nothing else. Only for a key the library
 * imported itself (see toPrivateKey): on Node 20, a JWK export of a key `generateKeyPair(Sync)` made
 * can deadlock node:crypto.
 */
export function toPublicJwk(key: KeyObject): JsonWebKey {
  const jwk = key.export({ format: 'jwk' }) as Record<string, unknown>;
  const members = JWK_PUBLIC_MEMBERS[String(jwk.kty)] ?? [];
  return Object.fromEntries(members.map((name) => [name, jwk[name]]));
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of a JWK (private members are left out): a
 * stable `kid` derived from the key itself, and what a DPoP-bound token's `cnf.jkt` holds
 * (RFC 9449 §6.1). Throws a `TypeError` for a JWK that is not an RSA, EC or OKP key with its
 * members.
 *
 * @example
 * const { accessToken } = await tokens.issueToken(user.id, { dpopJkt: jwkThumbprint(proofJwk) });
 */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const kty = String(jwk.kty);
  const members = Object.prototype.hasOwnProperty.call(JWK_PUBLIC_MEMBERS, kty)
    ? JWK_PUBLIC_MEMBERS[kty]
    : undefined;
  const values = jwk as Record<string, unknown>;
  if (members === undefined || members.some((name) => typeof values[name] !== 'string')) {
    throw new TypeError(
      'jwkThumbprint(): the JWK must be an RSA (e, n), EC (crv, x, y) or OKP (crv, x) key with each member a string.',
    );
  }
  // RFC 7638 §3: the required members only, in lexicographic order, without whitespace.
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, values[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}
