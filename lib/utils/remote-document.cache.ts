/** What a {@link RemoteDocumentCache} has done so far, for health checks; times in milliseconds from its clock. */
export interface RemoteDocumentCacheState {
  /** When the value in hand was fetched; `undefined` before the first good fetch. */
  readonly fetchedAt: number | undefined;
  /** The last fetch's failure, while the last fetch failed; `undefined` once one succeeds. */
  readonly lastFailure: { readonly at: number; readonly error: unknown } | undefined;
  /** The last time the value was used while older than `cacheMaxAge` (a refresh was then due). */
  readonly staleUsedAt: number | undefined;
}

/** How often a {@link RemoteDocumentCache} fetches, in milliseconds. */
export interface RemoteDocumentCacheLimits {
  /** Fetch again, in the background, once the value is this old. */
  readonly cacheMaxAge: number;
  /** At most one fetch per this long, whatever asks for it, failed fetches included. */
  readonly cooldown: number;
}

/**
 * A value fetched from a provider (a JWK Set, a discovery document): fetched when first needed,
 * kept, fetched again in the background once older than `cacheMaxAge`, at most once per
 * `cooldown`, one fetch at a time. A failed fetch goes to `onError` and the last good value is kept.
 */
export class RemoteDocumentCache<T> {
  private readonly abort = new AbortController();
  private current: T | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  private failure: { readonly at: number; readonly error: unknown } | undefined;
  private staleUsedAt: number | undefined;

  constructor(
    private readonly limits: RemoteDocumentCacheLimits,
    private readonly clock: () => number,
    /** Fetches and checks the value; throws when it cannot be had. `signal` aborts it at shutdown. */
    private readonly load: (signal: AbortSignal) => Promise<T>,
    /** Told of each failed fetch; the cache keeps its last good value, if any. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The last good value, `undefined` before the first one. Reading it starts nothing. */
  get value(): T | undefined {
    return this.current;
  }

  /** Its fetch history, read without starting anything. */
  get state(): RemoteDocumentCacheState {
    return {
      fetchedAt: this.current === undefined ? undefined : this.fetchedAt,
      lastFailure: this.failure,
      staleUsedAt: this.staleUsedAt,
    };
  }

  /**
   * The value after a fetch now, when the cooldown allows one (or one is in flight: it is shared);
   * else the value as it is.
   */
  async fetchIfAllowed(): Promise<T | undefined> {
    if (this.mayFetch()) await this.refresh();
    return this.current;
  }

  /** Starts a background fetch when the value is older than `cacheMaxAge` and the cooldown allows one. */
  refreshIfStale(): void {
    if (this.current === undefined) return;
    const now = this.clock();
    if (now - this.fetchedAt < this.limits.cacheMaxAge) return;
    // Only written on this path, when a refresh is due: the fresh case stays a read.
    this.staleUsedAt = now;
    if (this.mayFetch()) void this.refresh();
  }

  /** How long ago, in milliseconds, the value was fetched; `Infinity` before the first one. */
  get age(): number {
    return this.clock() - this.fetchedAt;
  }

  /** Stops a fetch in flight: for application shutdown. */
  close(): void {
    this.abort.abort();
  }

  private mayFetch(): boolean {
    return this.pending !== undefined || this.clock() - this.attemptedAt >= this.limits.cooldown;
  }

  // One fetch at a time: concurrent callers wait for the same one.
  private refresh(): Promise<void> {
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<void> {
    this.attemptedAt = this.clock();
    try {
      this.current = await this.load(this.abort.signal);
      this.fetchedAt = this.clock();
      this.failure = undefined;
    } catch (error) {
      this.failure = { at: this.clock(), error };
      this.onError(error);
    }
  }
}
