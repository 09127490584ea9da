import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../token/jwt-algorithm.constants';

/** A new key for an algorithm: an HMAC secret, or a private key and its public half. */
export type GeneratedKey =
  | { readonly family: 'hmac'; readonly algorithm: JwtAlgorithm; readonly secret: Buffer }
  | {
      readonly family: 'asymmetric';
      readonly algorithm: JwtAlgorithm;
      readonly privateKey: KeyObject;
      readonly publicKey: KeyObject;
    };

const RSA_MODULUS_BITS = 2048;

/**
 * A new random key for `algorithm`: an HMAC secret as long as its hash (RFC 7518 §3.2), an RSA
 * key of 2048 bits, an EC key on the algorithm's curve, or an Ed25519 key. The key pair is
 * re-imported from its PEM: Node 20 can deadlock exporting a freshly generated key to JWK.
 */
export function generateKey(algorithm: JwtAlgorithm): GeneratedKey {
  const spec = JWT_ALGORITHMS[algorithm];
  if (spec.family === 'hmac') return { family: 'hmac', algorithm, secret: randomBytes(spec.minKeyBytes) };
  const generated =
    spec.family === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: RSA_MODULUS_BITS })
      : spec.family === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: spec.namedCurve })
        : generateKeyPairSync('ed25519');
  const privateKey = createPrivateKey(generated.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { family: 'asymmetric', algorithm, privateKey, publicKey: createPublicKey(privateKey) };
}

/** The key as PEM: PKCS #8 for the private key, SPKI for the public one. */
export function keyPairPem(key: Extract<GeneratedKey, { family: 'asymmetric' }>): {
  privateKey: string;
  publicKey: string;
} {
  return {
    privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** The key as JWKs with `alg`, `use: 'sig'` and the `kid` if any; a secret as one `oct` JWK. */
export function keyJwks(
  key: GeneratedKey,
  kid: string | undefined,
): { privateKey: JsonWebKey; publicKey?: JsonWebKey } {
  const about = { ...(kid === undefined ? {} : { kid }), alg: key.algorithm, use: 'sig' };
  if (key.family === 'hmac')
    return { privateKey: { kty: 'oct', k: key.secret.toString('base64url'), ...about } };
  return {
    privateKey: { ...key.privateKey.export({ format: 'jwk' }), ...about },
    publicKey: { ...key.publicKey.export({ format: 'jwk' }), ...about },
  };
}
