/**
 * The JWS algorithms this module signs and verifies with (RFC 7518 §3, RFC 8037 §3.1). `none` is
 * never one of them.
 */
export type JwtAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA';

/** A hash as node:crypto names it. */
export type JwtHash = 'sha256' | 'sha384' | 'sha512';

/** What kind of key an algorithm needs, and the facts about it that start-up and verification check. */
export type JwtAlgorithmSpec =
  | {
      readonly family: 'hmac';
      readonly hash: JwtHash;
      /** RFC 7518 §3.2: the key must be at least as long as the hash. */
      readonly minKeyBytes: number;
    }
  | {
      readonly family: 'rsa';
      readonly hash: JwtHash;
      /** RSASSA-PSS (PS*, RFC 7518 §3.5) rather than RSASSA-PKCS1-v1_5 (RS*, §3.3). */
      readonly pss: boolean;
      readonly minModulusBits: number;
    }
  | {
      readonly family: 'ec';
      readonly hash: JwtHash;
      /** The curve as node:crypto names it (`asymmetricKeyDetails.namedCurve`). */
      readonly namedCurve: string;
      /** The curve as a JWK names it (`crv`). */
      readonly jwkCurve: string;
      /** Size of r and of s in the fixed-length JWS signature, in bytes (RFC 7518 §3.4). */
      readonly scalarBytes: number;
      /** The curve's group order n: r and s must both lie in [1, n - 1]. */
      readonly order: bigint;
    }
  | { readonly family: 'eddsa'; readonly jwkCurve: 'Ed25519' };

// RFC 7518 §3.2 (an HMAC key at least as long as the hash) and §3.3/§3.5 (RSA at least 2048 bits).
const HS = (hash: JwtHash, minKeyBytes: number) => ({ family: 'hmac', hash, minKeyBytes }) as const;
const RSA = (hash: JwtHash, pss: boolean) => ({ family: 'rsa', hash, pss, minModulusBits: 2048 }) as const;

/** Every supported algorithm and what its keys must be. */
export const JWT_ALGORITHMS: Readonly<Record<JwtAlgorithm, JwtAlgorithmSpec>> = Object.freeze({
  HS256: HS('sha256', 32),
  HS384: HS('sha384', 48),
  HS512: HS('sha512', 64),
  RS256: RSA('sha256', false),
  RS384: RSA('sha384', false),
  RS512: RSA('sha512', false),
  PS256: RSA('sha256', true),
  PS384: RSA('sha384', true),
  PS512: RSA('sha512', true),
  ES256: {
    family: 'ec',
    hash: 'sha256',
    namedCurve: 'prime256v1',
    jwkCurve: 'P-256',
    scalarBytes: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  ES384: {
    family: 'ec',
    hash: 'sha384',
    namedCurve: 'secp384r1',
    jwkCurve: 'P-384',
    scalarBytes: 48,
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  ES512: {
    family: 'ec',
    hash: 'sha512',
    namedCurve: 'secp521r1',
    jwkCurve: 'P-521',
    scalarBytes: 66,
    order:
      0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
  EdDSA: { family: 'eddsa', jwkCurve: 'Ed25519' },
});

/** Whether `value` names an algorithm this module supports. */
export function isSupportedAlgorithm(value: unknown): value is JwtAlgorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(JWT_ALGORITHMS, value);
}

/** The supported algorithms, for error messages. */
export const SUPPORTED_ALGORITHMS_TEXT = Object.keys(JWT_ALGORITHMS).join(', ');
