import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

// The least work an HMAC JWT needs in Node, written with node:crypto alone: the yardstick the
// library's createToken / verifyToken are compared with. It checks the header's `alg`, the
// signature and `exp`, and nothing else a real verifier must (no other header or claim checks,
// no error reasons): a floor, not a verifier.

const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

/** An HMAC algorithm the floor implements. */
export type FloorAlgorithm = keyof typeof HASH;

/** Signs `claims` as a compact JWS. */
export function floorSign(algorithm: FloorAlgorithm, key: KeyObject, claims: object): string {
  const signingInput =
    Buffer.from(JSON.stringify({ alg: algorithm, typ: 'JWT' })).toString('base64url') +
    '.' +
    Buffer.from(JSON.stringify(claims)).toString('base64url');
  return signingInput + '.' + createHmac(HASH[algorithm], key).update(signingInput).digest('base64url');
}

/** The claims of `token` if its signature is right and it has not expired, else `undefined`. */
export function floorVerify(algorithm: FloorAlgorithm, key: KeyObject, token: string): Record<string, unknown> | undefined {
  const lastDot = token.lastIndexOf('.');
  const firstDot = token.indexOf('.');
  if (firstDot <= 0 || lastDot === firstDot) return undefined;
  const header = JSON.parse(Buffer.from(token.slice(0, firstDot), 'base64url').toString('utf8'));
  if (header.alg !== algorithm) return undefined;
  const expected = createHmac(HASH[algorithm], key).update(token.slice(0, lastDot)).digest();
  const given = Buffer.from(token.slice(lastDot + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(token.slice(firstDot + 1, lastDot), 'base64url').toString('utf8'));
  return typeof claims.exp === 'number' && claims.exp > Date.now() / 1000 ? claims : undefined;
}
