import type { KeyObject } from 'node:crypto';
import { configError } from '../utils/config-error.util';
import { JWT_ALGORITHMS, type JwtAlgorithm } from './jwt-algorithm.constants';

const HINTS = {
  hmac: "Generate one with: node -e \"console.log(require('node:crypto').randomBytes(64).toString('base64url'))\"",
  rsa:
    'Generate a key pair with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem ' +
    '&& openssl pkey -in private.pem -pubout -out public.pem',
  ec: (curve: string) =>
    `Generate a key pair with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:${curve} -out private.pem ` +
    '&& openssl pkey -in private.pem -pubout -out public.pem',
  eddsa:
    'Generate a key pair with: openssl genpkey -algorithm ed25519 -out private.pem ' +
    '&& openssl pkey -in private.pem -pubout -out public.pem ' +
    "(or in node: crypto.generateKeyPairSync('ed25519'))",
};

/** How to make a key that fits `algorithm`. */
export function keyHint(algorithm: JwtAlgorithm): string {
  const spec = JWT_ALGORITHMS[algorithm];
  if (spec.family === 'hmac') return HINTS.hmac;
  if (spec.family === 'rsa') return HINTS.rsa;
  if (spec.family === 'ec') return HINTS.ec(spec.jwkCurve);
  return HINTS.eddsa;
}

/** A short description of a key, for error messages: `an RSA key of 1024 bits`, `an EC P-256 key`... */
export function describeKey(key: KeyObject): string {
  if (key.type === 'secret') return `a ${key.symmetricKeySize}-byte secret`;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `an RSA ${key.type} key of ${details.modulusLength} bits`;
    case 'rsa-pss':
      return `an RSA-PSS ${key.type} key`;
    case 'ec':
      return `an EC ${key.type} key on curve ${details.namedCurve}`;
    default:
      return `an ${String(key.asymmetricKeyType).toUpperCase()} ${key.type} key`;
  }
}

/**
 * Why `key` cannot be used with `algorithm` (a predicate: "is a 16-byte secret, but..."), or
 * `undefined` when it can: an RSA key of at least 2048
 * bits for RS and PS, the algorithm's own curve for ES, Ed25519 for EdDSA, a secret of RFC 7518
 * §3.2's minimum length for HS. An asymmetric key never fits an HS algorithm (algorithm confusion).
 */
export function keyProblem(key: KeyObject, algorithm: JwtAlgorithm): string | undefined {
  const spec = JWT_ALGORITHMS[algorithm];
  if (spec.family === 'hmac') {
    if (key.type !== 'secret')
      return `is ${describeKey(key)}, but ${algorithm} needs a symmetric secret: an asymmetric key must never be used as an HMAC secret`;
    const size = key.symmetricKeySize ?? 0;
    if (size < spec.minKeyBytes) {
      return `is ${size} bytes long, but ${algorithm} needs at least ${spec.minKeyBytes} (RFC 7518 §3.2: an HMAC key must be at least as long as the hash)`;
    }
    return undefined;
  }
  if (key.type === 'secret') return `is an HMAC secret, but ${algorithm} needs an asymmetric key`;
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (spec.family === 'rsa') {
    if (type === 'rsa-pss') return 'is an RSA-PSS key; use a plain RSA key (PS256/384/512 sign with one too)';
    if (type !== 'rsa') return `is ${describeKey(key)}, but ${algorithm} needs an RSA key`;
    if ((details.modulusLength ?? 0) < spec.minModulusBits) {
      return `is ${describeKey(key)}, but ${algorithm} needs at least ${spec.minModulusBits} bits (RFC 7518 §3.3)`;
    }
    return undefined;
  }
  if (spec.family === 'ec') {
    if (type !== 'ec' || details.namedCurve !== spec.namedCurve) {
      return `is ${describeKey(key)}, but ${algorithm} needs an EC key on curve ${spec.jwkCurve}`;
    }
    return undefined;
  }
  if (type !== 'ed25519') return `is ${describeKey(key)}, but EdDSA needs an Ed25519 key`;
  return undefined;
}

/** The supported algorithms a key fits: for error messages, and for JWKS keys that state no `alg`. */
export function algorithmsForKey(key: KeyObject): JwtAlgorithm[] {
  return (Object.keys(JWT_ALGORITHMS) as JwtAlgorithm[]).filter(
    (algorithm) => keyProblem(key, algorithm) === undefined,
  );
}

/**
 * `key` when it fits `algorithm` ({@link keyProblem}); else a start-up error naming `label` that
 * says what is wrong, which algorithms the key would fit, and how to make a key that fits.
 */
export function assertKeyFits(key: KeyObject, label: string, algorithm: JwtAlgorithm): KeyObject {
  const problem = keyProblem(key, algorithm);
  if (problem === undefined) return key;
  const fits = algorithmsForKey(key);
  const suggestion =
    fits.length > 0
      ? ` This key fits ${fits.join(', ')}: set "algorithm" accordingly, or use another key.`
      : '';
  configError(`${label} ${problem}.${suggestion} ${keyHint(algorithm)}`);
}
