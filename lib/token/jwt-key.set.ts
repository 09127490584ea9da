import { createHash } from 'node:crypto';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import type { JwtVerificationKey } from './key-input.parser';

/**
 * An immutable set of verification keys, indexed once (at start-up, or when a JWKS is fetched) so
 * that choosing a token's key is a map lookup. A `kid` is only ever a key of this map: never a path,
 * a URL or a query.
 */
export class JwtKeySet {
  /** Changes exactly when the keys (their ids, algorithms or material) change: compares two fetches. */
  readonly fingerprint: string;
  private readonly byKid = new Map<string, JwtVerificationKey[]>();
  private readonly byAlgorithm = new Map<JwtAlgorithm, JwtVerificationKey[]>();

  constructor(
    /** The keys, in the order they were configured or published. */
    readonly keys: readonly JwtVerificationKey[],
  ) {
    const fingerprints: string[] = [];
    for (const key of keys) {
      if (key.kid !== undefined) push(this.byKid, key.kid, key);
      for (const algorithm of key.algorithms) push(this.byAlgorithm, algorithm, key);
      const material = key.key.type === 'secret' ? key.key.export() : key.key.export({ format: 'der', type: 'spki' });
      fingerprints.push(`${JSON.stringify(key.kid ?? null)}:${key.algorithms.join(',')}:${createHash('sha256').update(material).digest('base64url')}`);
    }
    this.fingerprint = createHash('sha256').update(fingerprints.sort().join('\n')).digest('base64url');
  }

  /**
   * The key for a token's header: with a `kid`, the key of that id that fits `alg`; without, the
   * only key that fits `alg` (several would make the choice a guess). `undefined` when there is none.
   */
  find(kid: string | undefined, alg: JwtAlgorithm): JwtVerificationKey | undefined {
    if (kid !== undefined) return this.byKid.get(kid)?.find((key) => key.algorithms.includes(alg));
    const candidates = this.byAlgorithm.get(alg);
    return candidates?.length === 1 ? candidates[0] : undefined;
  }
}

function push<K>(map: Map<K, JwtVerificationKey[]>, name: K, key: JwtVerificationKey): void {
  const list = map.get(name);
  if (list) list.push(key);
  else map.set(name, [key]);
}
