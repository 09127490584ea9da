import type { JwtAlgorithm } from './jwt-algorithm.constants';
import type { JwtKeySet } from './jwt-key.set';
import type { JwsSignatureCheck } from './jws-signature.verifier';
import type { RemoteKeysStatus } from './jwks.status';

/** Keys fetched from an identity provider (a JWK Set, found by discovery or configured), looked up per token. */
export interface RemoteKeySource {
  /** Changes whenever the fetched keys change: a cache of verified tokens drops its entries then. */
  readonly generation: number;
  /**
   * The signature check of the key for a token's `kid` and `alg`, fetching the keys when needed
   * (within the cooldown); `undefined` when there is no such key. Rejects with
   * `JwtTokenError('keys_unavailable')` when no keys could ever be fetched.
   */
  find(kid: string | undefined, alg: JwtAlgorithm): Promise<JwsSignatureCheck | undefined>;
  /** Starts a background fetch when the keys are stale: on every use, the token cache's hits included. */
  refreshIfStale(): void;
  /** The state of the keys in hand and of their fetches, for health checks; fetches nothing. */
  status(): RemoteKeysStatus;
  /** Stops a fetch in flight: for application shutdown. */
  close(): void;
}

/**
 * Everything that verifies the tokens of one issuer: the module's own options (`issuer`, `keys`,
 * `jwksUri`...), or one entry of `issuers`. Built once at start-up; the request path only reads it.
 */
export interface TrustedIssuer {
  /** The `iss` its tokens must have; `undefined` when none is required (the module's own, without `issuer`). */
  readonly issuer: string | undefined;
  /** The audiences one of which a token's `aud` must name; `undefined`: a token must name none. */
  readonly audience: string | readonly string[] | undefined;
  /** The claim that must name one of {@link audience}: `aud`, or `client_id` (Cognito's access tokens). Default `'aud'`. */
  readonly audienceClaim?: 'aud' | 'client_id';
  /** The `alg` values its tokens may have. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** Its configured keys (possibly none). */
  readonly localKeys: JwtKeySet;
  /** Its fetched keys, when its keys are fetched. */
  readonly remoteKeys: RemoteKeySource | undefined;
  /** `'at+jwt'`: only RFC 9068 access tokens are accepted (`typ` and required claims). */
  readonly profile: 'at+jwt' | undefined;
}
