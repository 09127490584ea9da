import { Logger } from '@nestjs/common';
import { discoveryError, type OidcDiscoveryError } from './oidc-discovery.errors';
import { parseDiscoveryDocument, type OidcDiscoveryExpectation, type OidcProviderMetadata } from './oidc-discovery.parser';
import { fetchRemoteDocument, RemoteDocumentError } from './remote-document.fetcher';

/** An issuer's discovery settings after start-up validation (the same limits as `jwksOptions`). */
export interface ResolvedOidcDiscoveryOptions extends OidcDiscoveryExpectation {
  /** The discovery document's URL, built from the issuer. */
  readonly url: URL;
  /** Give up on a fetch after this many milliseconds. */
  readonly timeout: number;
  /** Fetch the document again, in the background, once it is this many milliseconds old. */
  readonly cacheMaxAge: number;
  /** At most one fetch per this many milliseconds, whatever asks for it. */
  readonly cooldown: number;
  /** Refuse a document larger than this many bytes. */
  readonly maxBytes: number;
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
  private readonly abort = new AbortController();
  private current: OidcProviderMetadata | undefined;
  private lastError: OidcDiscoveryError = discoveryError('unavailable', 'not fetched yet');
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedOidcDiscoveryOptions,
    private readonly clock: () => number,
  ) {}

  /**
   * The issuer's metadata: the cached one (starting a background refresh once stale), else a fetch
   * now unless the cooldown forbids it, else the last refusal.
   */
  async metadata(): Promise<OidcDiscoveryOutcome> {
    if (this.current) {
      if (this.clock() - this.fetchedAt >= this.options.cacheMaxAge && this.mayFetch()) void this.refresh();
      return { metadata: this.current };
    }
    if (this.mayFetch()) await this.refresh();
    return this.current ? { metadata: this.current } : { error: this.lastError };
  }

  /** Stops a fetch in flight: for application shutdown. */
  close(): void {
    this.abort.abort();
  }

  private mayFetch(): boolean {
    return this.pending !== undefined || this.clock() - this.attemptedAt >= this.options.cooldown;
  }

  // One fetch at a time: concurrent callers wait for the same one.
  private refresh(): Promise<void> {
    this.pending ??= this.fetchDocument().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchDocument(): Promise<void> {
    this.attemptedAt = this.clock();
    const { url, timeout, maxBytes } = this.options;
    let text: string;
    try {
      text = await fetchRemoteDocument(url, { timeout, maxBytes, signal: this.abort.signal });
    } catch (error) {
      this.refuse(
        error instanceof RemoteDocumentError ? discoveryError(error.reason, error.message) : discoveryError('unavailable', (error as Error).message),
      );
      return;
    }
    const parsed = parseDiscoveryDocument(text, this.options);
    if (parsed.error) {
      this.refuse(parsed.error);
      return;
    }
    if (this.current && this.current.jwksUri.href !== parsed.metadata.jwksUri.href) {
      this.logger.log(`Discovery at ${url.origin}: jwks_uri moved to ${parsed.metadata.jwksUri.href}`);
    }
    this.current = parsed.metadata;
    this.fetchedAt = this.clock();
  }

  private refuse(error: OidcDiscoveryError): void {
    this.lastError = error;
    this.logger.warn(
      `Discovery at ${this.options.url.href} refused (${error.code}: ${error.message}); ${this.current ? 'keeping the last good metadata' : 'no metadata yet'}`,
    );
  }
}
