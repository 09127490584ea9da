import type { JwtAlgorithm } from '../token/jwt-algorithm.constants';
import type { JwsSignatureCheck } from '../token/jws-signature.verifier';
import type { RemoteKeysStatus } from '../token/jwks.status';
import { JwksClient } from '../token/jwks.client';
import type { JwksFetchObserver } from '../token/jwks-fetch.observer';
import { JwtTokenError } from '../token/jwt-token.errors';
import type { RemoteKeySource } from '../token/trusted-issuer.interface';
import { OidcDiscoveryClient, type ResolvedOidcDiscoveryOptions } from './oidc-discovery.client';

/**
 * An issuer's keys found by discovery: the JWK Set at the `jwks_uri` of its checked discovery
 * document, fetched with the same limits and rules as `jwksUri`. When the document moves
 * `jwks_uri`, keys are fetched from the new URL (which passed the same checks) from then on.
 */
export class DiscoveredJwksClient implements RemoteKeySource {
  private readonly discovery: OidcDiscoveryClient;
  private jwks: JwksClient | undefined;
  // The generations of the key sets of a jwks_uri given up, so that `generation` never goes back.
  private retiredGenerations = 0;

  constructor(
    private readonly options: ResolvedOidcDiscoveryOptions,
    private readonly algorithms: readonly JwtAlgorithm[],
    private readonly clock: () => number,
    private readonly observer?: JwksFetchObserver,
  ) {
    this.discovery = new OidcDiscoveryClient(options, clock);
  }

  /** Changes whenever the keys change, a move of `jwks_uri` included. */
  get generation(): number {
    return this.retiredGenerations + (this.jwks?.generation ?? 0);
  }

  /**
   * The check of the key for `kid` and `alg` in the set the discovery document names; rejects with
   * `keys_unavailable` while no discovery document has passed its checks.
   */
  async find(kid: string | undefined, alg: JwtAlgorithm): Promise<JwsSignatureCheck | undefined> {
    const metadata = this.discovery.cachedMetadata() ?? (await this.discovery.metadata()).metadata;
    if (metadata === undefined) throw new JwtTokenError('keys_unavailable');
    return this.clientFor(metadata.jwksUri).find(kid, alg);
  }

  /** Refreshes, in the background, the discovery document and the key set that are stale. */
  refreshIfStale(): void {
    this.discovery.refreshIfStale();
    this.jwks?.refreshIfStale();
  }

  /**
   * The key set's state, with the discovery document's: a failed fetch of either counts, the
   * document's first (its failure keeps the keys from moving, or from being found at all).
   */
  status(): RemoteKeysStatus {
    const discoveryUrl = this.options.url.href;
    const keys: RemoteKeysStatus = this.jwks?.status() ?? {
      jwksUri: undefined,
      discoveryUrl,
      keyCount: 0,
      fetchedAt: undefined,
      cacheMaxAge: this.options.cacheMaxAge,
      lastFetchFailed: false,
      lastFailure: undefined,
      staleKeysInUse: false,
    };
    const discoveryFailure = this.discovery.lastFailure();
    return {
      ...keys,
      discoveryUrl,
      lastFetchFailed: keys.lastFetchFailed || discoveryFailure !== undefined,
      lastFailure: discoveryFailure
        ? { at: discoveryFailure.at, reason: `discovery ${discoveryFailure.reason}` }
        : keys.lastFailure,
    };
  }

  /** Stops the fetches in flight: for application shutdown. */
  close(): void {
    this.discovery.close();
    this.jwks?.close();
  }

  private clientFor(uri: URL): JwksClient {
    if (this.jwks?.uri.href === uri.href) return this.jwks;
    if (this.jwks) {
      this.retiredGenerations += this.jwks.generation + 1;
      this.jwks.close();
    }
    // The JWK Set with the discovery document's limits.
    const { timeout, cacheMaxAge, cooldown, maxBytes } = this.options;
    this.jwks = new JwksClient(
      { uri, timeout, cacheMaxAge, cooldown, maxBytes },
      this.algorithms,
      this.clock,
      this.observer,
    );
    return this.jwks;
  }
}
