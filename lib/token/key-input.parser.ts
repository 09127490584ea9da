import { createPrivateKey, createPublicKey, createSecretKey, KeyObject, type JsonWebKey } from 'node:crypto';
import { configError, describeValue } from '../utils/config-error.util';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import { hasPrivateMembers } from './jwk.util';
import { assertKeyFits, describeKey, keyHint } from './key.rules';

/**
 * Key material accepted by the key options: PEM text, a Buffer (PEM, or DER for an HMAC secret's
 * raw bytes), a `KeyObject`, or a JWK object (RFC 7517).
 */
export type JwtKeyInput = string | Buffer | KeyObject | JsonWebKey;

const PEM_MARKER = /-----BEGIN [A-Z0-9 ]+-----/;

/** Whether `value` is a plain object that may be a JWK (not a Buffer, a KeyObject or an array). */
export function isJwk(value: unknown): value is JsonWebKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Buffer.isBuffer(value) &&
    !(value instanceof KeyObject) &&
    !Array.isArray(value)
  );
}

function looksLikeKeyText(value: string | Buffer): boolean {
  const text = typeof value === 'string' ? value : value.toString('latin1');
  if (PEM_MARKER.test(text)) return true;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return isJwk(parsed) && 'kty' in parsed;
    } catch {
      return false;
    }
  }
  if (Buffer.isBuffer(value)) {
    try {
      createPublicKey({ key: value, format: 'der', type: 'spki' });
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

// Checks the JWK's own `alg` and `use`, when it states them, against what it is configured for.
function checkJwkMembers(jwk: JsonWebKey, label: string, algorithm: JwtAlgorithm): void {
  if (jwk.alg !== undefined && jwk.alg !== algorithm) {
    configError(
      `${label} is a JWK for "${describeValue(jwk.alg)}", but it is configured for ${algorithm}. Set "algorithm" to ${describeValue(jwk.alg)}, or use another key.`,
    );
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    configError(
      `${label} is a JWK whose "use" is ${JSON.stringify(jwk.use)}; a signing key must have "use": "sig" or none.`,
    );
  }
}

/**
 * Turns an HMAC secret into a `KeyObject` once, at start-up, so that no backend parses it again
 * per call (`jsonwebtoken` handed a string first tries it as a public key). Refuses what
 * RFC 7518 §3.2 and RFC 8725 forbid: no secret, an empty or short one, and anything that is a
 * public or private key, PEM text or JWK text included (algorithm confusion).
 */
export function toSecretKey(secret: unknown, algorithm: JwtAlgorithm, label = '"secret"'): KeyObject {
  let key: KeyObject;
  if (secret instanceof KeyObject) {
    key = secret;
  } else if (typeof secret === 'string' || Buffer.isBuffer(secret)) {
    if (secret.length === 0) configError(`${label} is empty. ${keyHint(algorithm)}`);
    if (looksLikeKeyText(secret)) {
      configError(
        `${label} holds a PEM, DER or JWK key, but ${algorithm} needs a random secret; a public key must never be used as an HMAC secret. ` +
          `For RS/PS/ES/EdDSA, pass it as "privateKey"/"publicKey" with a matching "algorithm". ${keyHint(algorithm)}`,
      );
    }
    key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret));
  } else if (isJwk(secret)) {
    checkJwkMembers(secret, label, algorithm);
    if (secret.kty !== 'oct' || typeof secret.k !== 'string') {
      configError(
        `${label} is a JWK of type ${JSON.stringify(secret.kty)}, but ${algorithm} needs an { "kty": "oct", "k": ... } secret.`,
      );
    }
    key = createSecretKey(Buffer.from(secret.k, 'base64url'));
  } else if (secret === undefined || secret === null) {
    configError(`${label} is required to sign and verify ${algorithm} tokens. ${keyHint(algorithm)}`);
  } else {
    configError(
      `${label} must be a string, a Buffer or a KeyObject (from crypto.createSecretKey()), or an "oct" JWK.`,
    );
  }
  return assertKeyFits(key, label, algorithm);
}

/**
 * Turns a private key (PEM text or Buffer, `KeyObject`, or JWK with its private members) into a
 * `KeyObject` that fits `algorithm`.
 *
 * A `KeyObject` given is imported afresh from its DER: the library exports its public half as a JWK
 * (for `getJwks()` and the thumbprint `kid`), and on Node 20 exporting as JWK a key that
 * `generateKeyPair(Sync)` made can deadlock node:crypto while the garbage collector runs; an
 * imported key cannot. The same holds in {@link toPublicKey}.
 */
export function toPrivateKey(input: unknown, algorithm: JwtAlgorithm, label = '"privateKey"'): KeyObject {
  let key: KeyObject;
  if (input instanceof KeyObject) {
    if (input.type !== 'private')
      configError(`${label} is ${describeKey(input)}; it must be a private key. ${keyHint(algorithm)}`);
    key = createPrivateKey({
      key: input.export({ format: 'der', type: 'pkcs8' }),
      format: 'der',
      type: 'pkcs8',
    });
  } else if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      key = createPrivateKey(input);
    } catch {
      configError(
        `${label} is not a readable private key. Pass PEM text ("-----BEGIN PRIVATE KEY-----..."), unencrypted ` +
          `(for an encrypted one, pass crypto.createPrivateKey({ key, passphrase })). ${keyHint(algorithm)}`,
      );
    }
  } else if (isJwk(input)) {
    checkJwkMembers(input, label, algorithm);
    if (!hasPrivateMembers(input) || input.kty === 'oct') {
      configError(
        `${label} is a JWK without its private part ("d"); pass it as "publicKey" for a verify-only service.`,
      );
    }
    try {
      key = createPrivateKey({ key: input, format: 'jwk' });
    } catch {
      configError(`${label} is not a valid private JWK. ${keyHint(algorithm)}`);
    }
  } else {
    configError(`${label} must be PEM text, a Buffer, a KeyObject or a JWK object. ${keyHint(algorithm)}`);
  }
  return assertKeyFits(key, label, algorithm);
}

/**
 * Turns a public key (PEM text or Buffer, certificate, `KeyObject`, or JWK) into a `KeyObject` that
 * fits `algorithm`. A private key is refused here: a verify-only service must not hold one.
 */
export function toPublicKey(input: unknown, algorithm: JwtAlgorithm, label = '"publicKey"'): KeyObject {
  const pubout = 'Pass the public half: openssl pkey -in private.pem -pubout -out public.pem.';
  let key: KeyObject;
  if (input instanceof KeyObject) {
    if (input.type !== 'public')
      configError(`${label} is ${describeKey(input)}; it must be a public key. ${pubout}`);
    key = createPublicKey({
      key: input.export({ format: 'der', type: 'spki' }),
      format: 'der',
      type: 'spki',
    });
  } else if (typeof input === 'string' || Buffer.isBuffer(input)) {
    if ((typeof input === 'string' ? input : input.toString('latin1')).includes('PRIVATE KEY-----')) {
      configError(`${label} holds a private key. ${pubout}`);
    }
    try {
      key = createPublicKey(input);
    } catch {
      configError(
        `${label} is not a readable public key. Pass PEM text ("-----BEGIN PUBLIC KEY-----..."). ${keyHint(algorithm)}`,
      );
    }
  } else if (isJwk(input)) {
    checkJwkMembers(input, label, algorithm);
    if (hasPrivateMembers(input))
      configError(
        `${label} is a JWK with private members ("d", "k"...); publish and configure only the public ones.`,
      );
    try {
      key = createPublicKey({ key: input, format: 'jwk' });
    } catch {
      configError(`${label} is not a valid public JWK. ${keyHint(algorithm)}`);
    }
  } else {
    configError(`${label} must be PEM text, a Buffer, a KeyObject or a JWK object. ${keyHint(algorithm)}`);
  }
  return assertKeyFits(key, label, algorithm);
}

/** The `kid` a JWK input states, if any: the key keeps it when configured without one. */
export function jwkKid(input: unknown): string | undefined {
  return isJwk(input) && typeof input.kid === 'string' && input.kid !== '' ? input.kid : undefined;
}
