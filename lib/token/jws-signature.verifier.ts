import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { JWT_ALGORITHMS, type JwtAlgorithm, type JwtHash } from './jwt-algorithm.constants';

/**
 * Whether `signatureSegment` (base64url, as the token carries it) is the key's signature of
 * `signingInput` (`base64url(header) + '.' + base64url(payload)`, ASCII).
 */
export type JwsSignatureCheck = (signingInput: string, signatureSegment: string) => boolean;

const HASH_BYTES: Readonly<Record<JwtHash, number>> = { sha256: 32, sha384: 48, sha512: 64 };
const EDDSA_SIGNATURE_BYTES = 64;

// The value of each base64url character; the compact form has been checked to use no other.
const BASE64URL_VALUE = new Uint8Array(128);
for (const [value, char] of [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
].entries()) {
  BASE64URL_VALUE[char.charCodeAt(0)] = value;
}

/**
 * A test that a base64url segment is the one spelling of exactly `bytes` bytes: its length, and
 * the unused low bits of its last character all zero (RFC 4648 §3.5). Without it, each signature
 * would have 4 or 16 spellings that all verify, and each would miss the token cache.
 */
function canonicalSpelling(bytes: number): (segment: string) => boolean {
  const length = Math.ceil((bytes * 4) / 3);
  // 1 byte left over: the last character carries 2 bits and 4 unused; 2 bytes: 4 bits and 2 unused.
  const unusedBits = [0, 0b1111, 0b11][bytes % 3];
  return (segment) =>
    segment.length === length && (BASE64URL_VALUE[segment.charCodeAt(length - 1)] & unusedBits) === 0;
}

/**
 * The signature check of `algorithm` with `key`, on node:crypto for every algorithm, chosen once
 * (when the key is configured or fetched) so that a request does no dispatch. Each check first
 * holds the signature to its one canonical base64url spelling of the exact length the algorithm
 * and key give (RSA: the modulus size; ECDSA: r || s, RFC 7518 §3.4, never DER; EdDSA: 64 bytes),
 * then refuses an ECDSA r or s outside [1, n - 1] ("psychic signatures") whatever the backend.
 * The key must already fit the algorithm (see key.rules.ts).
 */
export function createSignatureCheck(algorithm: JwtAlgorithm, key: KeyObject): JwsSignatureCheck {
  const spec = JWT_ALGORITHMS[algorithm];
  switch (spec.family) {
    case 'hmac': {
      const { hash } = spec;
      const canonical = canonicalSpelling(HASH_BYTES[hash]);
      return (signingInput, signatureSegment) =>
        canonical(signatureSegment) &&
        timingSafeEqual(
          createHmac(hash, key).update(signingInput).digest(),
          Buffer.from(signatureSegment, 'base64url'),
        );
    }
    case 'rsa': {
      const { hash } = spec;
      const canonical = canonicalSpelling(Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8));
      // RFC 7518 §3.5: MGF1 with the same hash, and a salt as long as the hash.
      const verifyKey = spec.pss
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
        : key;
      return (signingInput, signatureSegment) =>
        canonical(signatureSegment) &&
        verify(
          hash,
          Buffer.from(signingInput, 'latin1'),
          verifyKey,
          Buffer.from(signatureSegment, 'base64url'),
        );
    }
    case 'ec': {
      const { hash, scalarBytes } = spec;
      const canonical = canonicalSpelling(2 * scalarBytes);
      const order = Buffer.from(spec.order.toString(16).padStart(2 * scalarBytes, '0'), 'hex');
      const verifyKey = { key, dsaEncoding: 'ieee-p1363' as const };
      return (signingInput, signatureSegment) => {
        if (!canonical(signatureSegment)) return false;
        const signature = Buffer.from(signatureSegment, 'base64url');
        const r = signature.subarray(0, scalarBytes);
        const s = signature.subarray(scalarBytes);
        if (!inScalarRange(r, order) || !inScalarRange(s, order)) return false;
        return verify(hash, Buffer.from(signingInput, 'latin1'), verifyKey, signature);
      };
    }
    case 'eddsa': {
      const canonical = canonicalSpelling(EDDSA_SIGNATURE_BYTES);
      return (signingInput, signatureSegment) =>
        canonical(signatureSegment) &&
        verify(null, Buffer.from(signingInput, 'latin1'), key, Buffer.from(signatureSegment, 'base64url'));
    }
  }
}

// 0 < value < order, both big-endian of the same length.
function inScalarRange(value: Buffer, order: Buffer): boolean {
  return Buffer.compare(value, order) < 0 && value.some((byte) => byte !== 0);
}
