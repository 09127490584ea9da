import { Logger } from '@nestjs/common';
import { discoveryError, type OidcDiscoveryError } from './oidc-discovery.errors';
import {
  parseDiscoveryDocument,
  type OidcDiscoveryExpectation,
  type OidcProviderMetadata,
} from './oidc-discovery.parser';
import { RemoteDocumentCache } from '../utils/remote-document.cache';
import { fetchRemoteDocument, RemoteDocumentError } from '../utils/remote-document.fetcher';
import type { ResolvedRemoteDocumentOptions } from '../utils/remote-document.options';

/** An issuer's discovery settings after start-up validation (the same limits as `jwksOptions`). */
export interface ResolvedOidcDiscoveryOptions
  extends OidcDiscoveryExpectation, ResolvedRemoteDocumentOptions {
  /** The discovery document's URL, built from the issuer. */
  readonly url: URL;
}

/** The issuer's checked metadata, or why there is none (yet). */
export type OidcDiscoveryOutcome =
  | { readonly metadata: OidcProviderMetadata; readonly error?: undefined }
  | { readonly metadata?: undefined; readonly error: OidcDiscoveryError };

/**
 * An issuer's discovery document (OpenID Connect Discovery or RFC 8414), fetched when first needed,
 * checked against the configuration, cached, and fetched again in the background once stale, at most
 * once per `cooldown`. A refused or failed fetch is logged and the last good metadata is kept: a
 * provider that is briefly down, or briefly misconfigured, does not stop tokens its keys still verify.
 */
export class OidcDiscoveryClient {
  private readonly logger = new Logger('JwtAuth');
  private readonly cache: RemoteDocumentCache<OidcProviderMetadata>;
  private lastError: OidcDiscoveryError = discoveryError('unavailable', 'not fetched yet');

  constructor(
    private readonly options: ResolvedOidcDiscoveryOptions,
    clock: () => number,
  ) {
    this.cache = new RemoteDocumentCache(
      options,
      clock,
      (signal) => this.fetchDocument(signal),
      (error) => this.refuse(error),
    );
  }

  /**
   * The issuer's metadata: the cached one (starting a background refresh once stale), else a fetch
   * now unless the cooldown forbids it, else the last refusal.
   */
  async metadata(): Promise<OidcDiscoveryOutcome> {
    const cached = this.cache.value;
    if (cached) {
      this.cache.refreshIfStale();
      return { metadata: cached };
    }
    const metadata = await this.cache.fetchIfAllowed();
    return metadata ? { metadata } : { error: this.lastError };
  }

  /**
   * The cached metadata, at once, starting a background refresh once stale; `undefined` before the
   * first good document (then ask {@link metadata}).
   */
  cachedMetadata(): OidcProviderMetadata | undefined {
    this.cache.refreshIfStale();
    return this.cache.value;
  }

  /** Starts a background fetch when the metadata is older than `cacheMaxAge` (within the cooldown). */
  refreshIfStale(): void {
    this.cache.refreshIfStale();
  }

  /** The last fetch's failure (when and why), while the last fetch failed; reading it fetches nothing. */
  lastFailure(): { readonly at: number; readonly reason: string } | undefined {
    const failure = this.cache.state.lastFailure;
    return failure && { at: failure.at, reason: `${this.lastError.code}: ${this.lastError.message}` };
  }

  /** Stops a fetch in flight: for application shutdown. */
  close(): void {
    this.cache.close();
  }

  private async fetchDocument(signal: AbortSignal): Promise<OidcProviderMetadata> {
    const { url, timeout, maxBytes } = this.options;
    const parsed = parseDiscoveryDocument(
      await fetchRemoteDocument(url, { timeout, maxBytes, signal }),
      this.options,
    );
    if (parsed.error) throw new DiscoveryRefused(parsed.error);
    const previous = this.cache.value;
    if (previous && previous.jwksUri.href !== parsed.metadata.jwksUri.href) {
      this.logger.log(`Discovery at ${url.origin}: jwks_uri moved to ${parsed.metadata.jwksUri.href}`);
    }
    return parsed.metadata;
  }

  private refuse(cause: unknown): void {
    const error =
      cause instanceof DiscoveryRefused
        ? cause.refusal
        : cause instanceof RemoteDocumentError
          ? discoveryError(cause.reason, cause.message)
          : discoveryError('unavailable', (cause as Error).message);
    this.lastError = error;
    this.logger.warn(
      `Discovery at ${this.options.url.href} refused (${error.code}: ${error.message}); ${this.cache.value ? 'keeping the last good metadata' : 'no metadata yet'}`,
    );
  }
}

// A document that was fetched but refused, carried through the cache's error path.
class DiscoveryRefused extends Error {
  constructor(readonly refusal: OidcDiscoveryError) {
    super(refusal.message);
  }
}
