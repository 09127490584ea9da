import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import type { JwtVerificationKey } from './jwt-key.interface';
import { algorithmsForKey, keyProblem } from './key.rules';
import { hasPrivateMembers, JWK_PUBLIC_MEMBERS } from './jwk.util';
import { JwksError } from './jwt-token.errors';

/**
 * The verification keys of a JWK Set fetched from an identity provider. Refuses the whole document
 * when it is malformed or holds a private key; skips, one by one, the keys this service cannot use:
 * not for signatures (`use`, `key_ops`), an algorithm outside `algorithms`, an unsupported type, or a
 * weak one (RSA under 2048 bits). A key without `alg` may verify each allowed algorithm it fits.
 */
export function parseJwks(text: string, algorithms: readonly JwtAlgorithm[]): JwtVerificationKey[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new JwksError('malformed', 'the JWKS is not JSON');
  }
  const entries = (document as { keys?: unknown } | null)?.keys;
  if (typeof document !== 'object' || document === null || !Array.isArray(entries)) {
    throw new JwksError('malformed', 'the JWKS is not an object with a "keys" array');
  }
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new JwksError('malformed', 'the JWKS "keys" array holds something that is not a JWK object');
    }
    if (hasPrivateMembers(entry as object))
      throw new JwksError('private_key', 'the JWKS holds a private or symmetric key');
  }
  return entries.flatMap((entry: Record<string, unknown>) => {
    const key = usablePublicKey(entry);
    if (!key) return [];
    const stated = entry.alg;
    const fits =
      stated === undefined
        ? algorithmsForKey(key).filter((algorithm) => algorithms.includes(algorithm))
        : algorithms.filter((algorithm) => algorithm === stated && keyProblem(key, algorithm) === undefined);
    if (fits.length === 0) return [];
    const kid = typeof entry.kid === 'string' && entry.kid !== '' ? entry.kid : undefined;
    return [Object.freeze({ kid, algorithms: Object.freeze(fits), key })];
  });
}

// The entry as a public KeyObject, when it is a signature key node:crypto can read.
function usablePublicKey(entry: Record<string, unknown>): KeyObject | undefined {
  if (entry.use !== undefined && entry.use !== 'sig') return undefined;
  if (entry.key_ops !== undefined && !(Array.isArray(entry.key_ops) && entry.key_ops.includes('verify')))
    return undefined;
  if (entry.kid !== undefined && typeof entry.kid !== 'string') return undefined;
  if (typeof entry.kty !== 'string' || !Object.prototype.hasOwnProperty.call(JWK_PUBLIC_MEMBERS, entry.kty))
    return undefined;
  try {
    return createPublicKey({ key: entry as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
}
