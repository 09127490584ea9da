import { Logger } from '@nestjs/common';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import type { JwksFetchObserver } from './jwks-fetch.observer';
import { JwtKeySet } from './jwt-key.set';
import type { JwsSignatureCheck } from './jws-signature.verifier';
import type { ResolvedJwksOptions } from './jwks.options';
import type { RemoteKeysStatus } from './jwks.status';
import type { RemoteKeySource } from './trusted-issuer.interface';
import { JwksError, JwtTokenError } from './jwt-token.errors';
import { parseJwks } from './jwks-document.parser';
import { staleKeysInUse } from './stale-keys.util';
import { RemoteDocumentCache } from '../utils/remote-document.cache';
import { fetchRemoteDocument, RemoteDocumentError } from '../utils/remote-document.fetcher';

/**
 * The keys of an identity provider's JWK Set (`jwksUri`), fetched over HTTP(S) with node's own
 * client: cached, refreshed in the background once stale and at once when a token names a `kid` it
 * does not know, at most once per `cooldown`. A failed fetch (down, slow, malformed, too large, a
 * private key in the set) is logged and the last good set is kept.
 */
export class JwksClient implements RemoteKeySource {
  private readonly logger = new Logger('JwtAuth');
  private readonly cache: RemoteDocumentCache<JwtKeySet>;
  private currentGeneration = 0;
  // Set by a failed fetch that kept the last good set, until its stale keys are reported.
  private staleUseDue = false;

  constructor(
    private readonly options: ResolvedJwksOptions,
    private readonly algorithms: readonly JwtAlgorithm[],
    clock: () => number,
    private readonly observer?: JwksFetchObserver,
  ) {
    this.cache = new RemoteDocumentCache(
      options,
      clock,
      (signal) => this.fetchKeySet(signal),
      (error) => this.refused(error),
    );
  }

  /** The URL the set is fetched from. */
  get uri(): URL {
    return this.options.uri;
  }

  /** Bumped each time a fetch brings a set that differs from the one before (first fetch included). */
  get generation(): number {
    return this.currentGeneration;
  }

  /** The state of the set in hand and of its fetches; reading it fetches nothing. */
  status(): RemoteKeysStatus {
    const state = this.cache.state;
    const { fetchedAt, lastFailure } = state;
    const { cacheMaxAge } = this.options;
    return {
      jwksUri: this.options.uri.href,
      discoveryUrl: undefined,
      keyCount: this.cache.value?.keys.length ?? 0,
      fetchedAt,
      cacheMaxAge,
      lastFetchFailed: lastFailure !== undefined,
      lastFailure: lastFailure && { at: lastFailure.at, reason: jwksFailureReason(lastFailure.error) },
      staleKeysInUse: staleKeysInUse(state, cacheMaxAge),
    };
  }

  /**
   * The signature check of the provider's key for a token's `kid` and `alg`, fetching the set when
   * it is missing or does not know the `kid` (within the cooldown); `undefined` when the provider
   * has no such key. Throws `JwtTokenError('keys_unavailable')` when no set could ever be fetched.
   */
  async find(kid: string | undefined, alg: JwtAlgorithm): Promise<JwsSignatureCheck | undefined> {
    const known = this.cache.value?.find(kid, alg);
    if (known) {
      this.refreshIfStale();
      return known;
    }
    const keySet = await this.cache.fetchIfAllowed();
    if (!keySet) throw new JwtTokenError('keys_unavailable');
    return keySet.find(kid, alg);
  }

  /**
   * Starts a background fetch when the set is older than `cacheMaxAge` (within the cooldown). Called
   * on every use of the set, the token cache's hits included: a cached verification must not keep a
   * withdrawn key trusted by never letting the set be refetched.
   */
  refreshIfStale(): void {
    this.cache.refreshIfStale();
    if (this.staleUseDue) this.reportStaleUse();
  }

  /** Stops a fetch in flight: for application shutdown. */
  close(): void {
    this.cache.close();
  }

  // GET the set (a 200 within the timeout and the size limit; no redirects: the URI is configuration), then parse it.
  private async fetchKeySet(signal: AbortSignal): Promise<JwtKeySet> {
    const { uri, timeout, maxBytes } = this.options;
    const keySet = new JwtKeySet(
      parseJwks(await fetchRemoteDocument(uri, { timeout, maxBytes, signal }), this.algorithms),
    );
    if (keySet.keys.length === 0)
      this.logger.warn(`JWKS at ${uri.origin} has no key usable with ${this.algorithms.join(', ')}`);
    if (keySet.fingerprint !== this.cache.value?.fingerprint) this.currentGeneration++;
    this.staleUseDue = false;
    this.observer?.fetched(uri, true);
    return keySet;
  }

  // Once per failed fetch, as soon as `staleKeysInUse` holds: at the failure of a refresh a stale
  // use started, or at the first stale use after a failure.
  private reportStaleUse(): void {
    if (!staleKeysInUse(this.cache.state, this.options.cacheMaxAge)) return;
    this.staleUseDue = false;
    this.observer?.staleKeysInUse(this.options.uri, this.cache.age);
  }

  private refused(error: unknown): void {
    const kept = this.cache.value !== undefined;
    this.logger.warn(
      `JWKS at ${this.options.uri.origin} refused (${jwksFailureReason(error)}); ${kept ? 'keeping the last good key set' : 'no key set yet'}`,
    );
    this.staleUseDue = kept && this.observer !== undefined;
    this.observer?.fetched(this.options.uri, false);
    this.observer?.fetchFailed(this.options.uri, failureCode(error), (error as Error).message, kept);
    if (this.staleUseDue) this.reportStaleUse();
  }
}

/** The stable reason of a failed fetch: `unavailable`, `too_large`, `malformed` or `private_key`. */
function failureCode(error: unknown): string {
  return error instanceof JwksError || error instanceof RemoteDocumentError ? error.reason : 'unavailable';
}

/** Why a fetch of a JWK Set failed, as `reason: message`: for the log and the status alike. */
function jwksFailureReason(error: unknown): string {
  return `${failureCode(error)}: ${(error as Error).message}`;
}
