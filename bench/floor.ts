import { createHmac, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

// The least work a JWT needs in Node, written with node:crypto alone: the yardstick the library's
// createToken / verifyToken are compared with. It checks the header's `alg`, the signature and
// `exp`, and nothing else a real verifier must (no other header or claim checks, no encoding
// checks, no error reasons): a floor, not a verifier.

const HASH = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
  RS256: 'sha256',
  ES256: 'sha256',
  EdDSA: null,
} as const;

/** An algorithm the floor implements. */
export type FloorAlgorithm = keyof typeof HASH;

/** The floor's keys: one secret for HMAC, a key pair otherwise. */
export interface FloorKeys {
  readonly signing: KeyObject;
  readonly verifying: KeyObject;
}

const isHmac = (algorithm: FloorAlgorithm) => algorithm.startsWith('HS');
// JWS's ECDSA signature is r || s (RFC 7518 §3.4), not node's default DER.
const asymmetric = (algorithm: FloorAlgorithm, key: KeyObject) =>
  algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;

/** Signs `claims` as a compact JWS. */
export function floorSign(algorithm: FloorAlgorithm, keys: FloorKeys, claims: object): string {
  const signingInput =
    Buffer.from(JSON.stringify({ alg: algorithm, typ: 'JWT' })).toString('base64url') +
    '.' +
    Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = isHmac(algorithm)
    ? createHmac(HASH[algorithm]!, keys.signing).update(signingInput).digest()
    : sign(HASH[algorithm], Buffer.from(signingInput), asymmetric(algorithm, keys.signing));
  return signingInput + '.' + signature.toString('base64url');
}

/**
 * A verifier of `algorithm` tokens for `keys`, with what can be prepared once prepared (as any
 * verifier would): the claims of a token whose signature is right and that has not expired, else
 * `undefined`.
 */
export function floorVerifier(
  algorithm: FloorAlgorithm,
  keys: FloorKeys,
): (token: string) => Record<string, unknown> | undefined {
  const hash = HASH[algorithm];
  const verifyKey = asymmetric(algorithm, keys.verifying);
  const checkSignature = isHmac(algorithm)
    ? (signingInput: string, given: Buffer) => {
        const expected = createHmac(hash!, keys.verifying).update(signingInput).digest();
        return given.length === expected.length && timingSafeEqual(given, expected);
      }
    : (signingInput: string, given: Buffer) => verify(hash, Buffer.from(signingInput), verifyKey, given);
  return (token) => {
    const lastDot = token.lastIndexOf('.');
    const firstDot = token.indexOf('.');
    if (firstDot <= 0 || lastDot === firstDot) return undefined;
    const header = JSON.parse(Buffer.from(token.slice(0, firstDot), 'base64url').toString('utf8'));
    if (header.alg !== algorithm) return undefined;
    if (!checkSignature(token.slice(0, lastDot), Buffer.from(token.slice(lastDot + 1), 'base64url')))
      return undefined;
    const claims = JSON.parse(Buffer.from(token.slice(firstDot + 1, lastDot), 'base64url').toString('utf8'));
    return typeof claims.exp === 'number' && claims.exp > Date.now() / 1000 ? claims : undefined;
  };
}
