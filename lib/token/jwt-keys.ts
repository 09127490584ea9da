import { createSecretKey, KeyObject } from 'node:crypto';

/** The JWS algorithms this module signs and verifies with. */
export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512';

/** Every supported algorithm, with the minimum HMAC key size in bytes (RFC 7518 §3.2: the hash size). */
export const HMAC_MIN_KEY_BYTES: Readonly<Record<JwtAlgorithm, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

/** Whether `value` names an algorithm this module supports. */
export function isSupportedAlgorithm(value: unknown): value is JwtAlgorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(HMAC_MIN_KEY_BYTES, value);
}

const GENERATE_HINT =
  'Generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(64).toString(\'base64url\'))"';

/**
 * Turns the configured HMAC secret into a `KeyObject` once, at start-up: `jsonwebtoken` handed a
 * string or Buffer first tries to parse it as a public key, which costs ~440 µs on every call.
 * Refuses what RFC 7518 §3.2 and RFC 8725 forbid: no secret, an empty or short one, or an
 * asymmetric key where an HMAC secret is expected (algorithm confusion).
 */
export function toHmacKey(secret: unknown, algorithm: JwtAlgorithm): KeyObject {
  const minBytes = HMAC_MIN_KEY_BYTES[algorithm];
  let key: KeyObject;
  if (secret instanceof KeyObject) {
    if (secret.type !== 'secret') {
      throw new Error(
        `JwtAuthModule: "secret" is a ${secret.type} key, but ${algorithm} needs a symmetric secret. ` +
          'An asymmetric key must never be used as an HMAC secret.',
      );
    }
    key = secret;
  } else if (typeof secret === 'string' || Buffer.isBuffer(secret)) {
    if (secret.length === 0) {
      throw new Error(`JwtAuthModule: "secret" is empty. ${GENERATE_HINT}`);
    }
    key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret));
  } else if (secret === undefined || secret === null) {
    throw new Error(`JwtAuthModule: "secret" is required to sign and verify ${algorithm} tokens. ${GENERATE_HINT}`);
  } else {
    throw new Error('JwtAuthModule: "secret" must be a string, a Buffer or a KeyObject created with crypto.createSecretKey().');
  }
  const size = key.symmetricKeySize ?? 0;
  if (size < minBytes) {
    throw new Error(
      `JwtAuthModule: "secret" is ${size} bytes long, but ${algorithm} needs at least ${minBytes} ` +
        `(RFC 7518 §3.2: an HMAC key must be at least as long as the hash). ${GENERATE_HINT}`,
    );
  }
  return key;
}
