import { createHash } from 'node:crypto';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import type { JwtVerificationKey } from './jwt-key.interface';
import { createSignatureCheck, type JwsSignatureCheck } from './jws-signature.verifier';

/**
 * An immutable set of verification keys, indexed once (at start-up, or when a JWKS is fetched) so
 * that choosing a token's key is a map lookup, and its signature check, built with the key, a call.
 * A `kid` is only ever a key of this map: never a path, a URL or a query.
 */
export class JwtKeySet {
  /** Changes exactly when the keys (their ids, algorithms or material) change: compares two fetches. */
  readonly fingerprint: string;
  // kid → algorithm → the check of the first key of that kid that fits the algorithm.
  private readonly byKid = new Map<string, Map<JwtAlgorithm, JwsSignatureCheck>>();
  // algorithm → the check of the only key that fits it, or null when several do.
  private readonly byAlgorithm = new Map<JwtAlgorithm, JwsSignatureCheck | null>();

  constructor(
    /** The keys, in the order they were configured or published. */
    readonly keys: readonly JwtVerificationKey[],
  ) {
    const fingerprints: string[] = [];
    for (const key of keys) {
      for (const algorithm of key.algorithms) {
        const check = createSignatureCheck(algorithm, key.key);
        if (key.kid !== undefined) {
          let checks = this.byKid.get(key.kid);
          if (checks === undefined)
            this.byKid.set(key.kid, (checks = new Map<JwtAlgorithm, JwsSignatureCheck>()));
          if (!checks.has(algorithm)) checks.set(algorithm, check);
        }
        this.byAlgorithm.set(algorithm, this.byAlgorithm.has(algorithm) ? null : check);
      }
      const material =
        key.key.type === 'secret' ? key.key.export() : key.key.export({ format: 'der', type: 'spki' });
      fingerprints.push(
        `${JSON.stringify(key.kid ?? null)}:${key.algorithms.join(',')}:${createHash('sha256').update(material).digest('base64url')}`,
      );
    }
    this.fingerprint = createHash('sha256').update(fingerprints.sort().join('\n')).digest('base64url');
  }

  /**
   * The signature check for a token's header: with a `kid`, that of the key of that id that fits
   * `alg`; without, that of the only key that fits `alg` (several would make the choice a guess).
   * `undefined` when there is none.
   */
  find(kid: string | undefined, alg: JwtAlgorithm): JwsSignatureCheck | undefined {
    if (kid !== undefined) return this.byKid.get(kid)?.get(alg);
    return this.byAlgorithm.get(alg) ?? undefined;
  }
}
