// Test helper: builds tokens by hand with node:crypto, so that tests can send what no well-behaved
// signer would produce (odd headers, text payloads, DER or zeroed ECDSA signatures...).
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';

/** Signs the JWS signing input and returns the raw signature bytes. */
export type RawSigner = (signingInput: Buffer) => Buffer;

/** base64url of a JSON value, or of a string's UTF-8 bytes as they are. */
export function segment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** The JWS signer for `alg` with `key`, as RFC 7518 / RFC 8037 define it (ECDSA in its fixed r || s form). */
export function signerFor(alg: string, key: KeyObject | Buffer | string): RawSigner {
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith('HS')) return (input) => createHmac(hash, key).update(input).digest();
  if (alg.startsWith('RS')) return (input) => sign(hash, input, key);
  if (alg.startsWith('PS')) {
    return (input) =>
      sign(hash, input, {
        key: key as KeyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
  }
  if (alg.startsWith('ES'))
    return (input) => sign(hash, input, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return (input) => sign(null, input, key);
  throw new Error(`no signer for ${alg}`);
}

/** A compact JWS of `header` and `payload` (a JSON value, or raw text when a string), signed by `signer`. */
export function forgeToken(header: Record<string, unknown>, payload: unknown, signer: RawSigner): string {
  const signingInput = `${segment(header)}.${segment(payload)}`;
  return `${signingInput}.${signer(Buffer.from(signingInput)).toString('base64url')}`;
}

/** The token with its signature segment replaced by `signature`. */
export function withSignature(token: string, signature: Buffer): string {
  return `${token.slice(0, token.lastIndexOf('.'))}.${signature.toString('base64url')}`;
}
