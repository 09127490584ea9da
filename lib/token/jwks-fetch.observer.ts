/**
 * Told of what a JWK Set client does, for events and metrics. The token layer calls it and knows
 * nothing else of observability.
 */
export interface JwksFetchObserver {
  /** A fetch of the set at `uri` ended, well or not. */
  fetched(uri: URL, ok: boolean): void;
  /** A fetch failed; `keptLastGood` says whether an older set is still in use. */
  fetchFailed(uri: URL, reason: string, message: string, keptLastGood: boolean): void;
  /** A set `age` milliseconds old, past its `cacheMaxAge`, is in use because a fetch failed (once per failed fetch). */
  staleKeysInUse(uri: URL, age: number): void;
}
