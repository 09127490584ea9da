/**
 * The state of one source of fetched keys (a `jwksUri`, or an issuer's JWK Set or discovery), for
 * health checks and dashboards. A snapshot: reading it fetches nothing. Times are milliseconds
 * since the epoch, from the module's clock.
 */
export interface RemoteKeysStatus {
  /** The JWK Set's URL; with discovery, the `jwks_uri` of the last good document (`undefined` before one). */
  readonly jwksUri: string | undefined;
  /** The discovery document's URL, when the keys are found by discovery. */
  readonly discoveryUrl: string | undefined;
  /** How many keys of the set in hand this service can use (0 before the first good fetch). */
  readonly keyCount: number;
  /** When the set in hand was fetched; `undefined` before the first good fetch. */
  readonly fetchedAt: number | undefined;
  /** `cacheMaxAge` of this source: the set is due for a refresh once this old. */
  readonly cacheMaxAge: number;
  /** Whether the last fetch (of the set, or of the discovery document) failed. */
  readonly lastFetchFailed: boolean;
  /** Why and when the last fetch failed, while it is the last one; never holds key material. */
  readonly lastFailure: { readonly at: number; readonly reason: string } | undefined;
  /**
   * Whether tokens were verified with the set after it grew older than `cacheMaxAge`, and the last
   * fetch failed: a refresh was due and failed. The `staleKeysInUse` event follows the same rule.
   */
  readonly staleKeysInUse: boolean;
}

/** {@link RemoteKeysStatus} of one trusted issuer's fetched keys. */
export interface JwksStatus extends RemoteKeysStatus {
  /** The issuer (`iss`) whose keys these are; `undefined` for the module's own `jwksUri` without `issuer`. */
  readonly issuer: string | undefined;
}
