import type { JwksStatus } from '../token/jwks.status';
import type { RevocationFeedStatus } from '../sessions/revocation.state';
import type { SessionStoreConnection } from '../sessions/session.store';

/** Options of `JwtAuthHealthIndicator.isJwksFresh()`. */
export interface JwksHealthOptions {
  /**
   * Report `down` once tokens are verified with a key set older than this many milliseconds: its
   * refresh, due at `cacheMaxAge`, has been failing since. Default: twice each source's
   * `cacheMaxAge` (20 minutes with the default `jwksOptions`).
   */
  maxKeyAge?: number;
}

/** What is wrong with a source of fetched keys, worst first; `undefined` when nothing is. */
export type JwksProblem = 'keys_unavailable' | 'keys_too_old' | 'stale_keys_in_use' | 'fetch_failed';

/** One source of fetched keys as the JWKS health check reports it. */
export interface JwksSourceHealth {
  /** The issuer (`iss`) of the source; absent for the module's own `jwksUri` without `issuer`. */
  readonly issuer?: string;
  /** The JWK Set's URL (with discovery, once the document named it). */
  readonly jwksUri?: string;
  /** The discovery document's URL, for an issuer found by discovery. */
  readonly discoveryUrl?: string;
  /** How many usable keys the set in hand holds. */
  readonly keys: number;
  /** When the set in hand was fetched (ISO 8601); absent before the first good fetch. */
  readonly fetchedAt?: string;
  /** How old the set in hand is, in seconds. */
  readonly ageSeconds?: number;
  /** Whether the last fetch failed (the last good set, if any, is still used). */
  readonly lastFetchFailed: boolean;
  /** Why the last fetch failed, and when (ISO 8601). */
  readonly lastFailure?: { readonly at: string; readonly reason: string };
  /** Whether tokens are verified with a set past its `cacheMaxAge` whose refresh has not succeeded. */
  readonly staleKeysInUse: boolean;
  /**
   * What is wrong: `keys_unavailable` (no usable key: every token of the source is refused) and
   * `keys_too_old` (stale keys in use beyond `maxKeyAge`) make the check `down`; `stale_keys_in_use`
   * and `fetch_failed` are reported while it stays `up`.
   */
  readonly problem?: JwksProblem;
}

/** The verdict of a check, and what it reports. */
export interface HealthAssessment<T> {
  readonly healthy: boolean;
  readonly data: T;
}

const DOWN: ReadonlySet<JwksProblem | undefined> = new Set(['keys_unavailable', 'keys_too_old']);

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** Validates `maxKeyAge` where it is given, with a message that says what to pass. */
export function checkJwksHealthOptions(options: JwksHealthOptions): void {
  const { maxKeyAge } = options;
  if (
    maxKeyAge !== undefined &&
    !(typeof maxKeyAge === 'number' && Number.isFinite(maxKeyAge) && maxKeyAge > 0)
  )
    throw new Error(
      `JwtAuthHealthIndicator: "maxKeyAge" must be a positive number of milliseconds, such as 1_200_000; got ${String(maxKeyAge)}.`,
    );
}

function problemOf(source: JwksStatus, now: number, maxKeyAge: number | undefined): JwksProblem | undefined {
  if (source.keyCount === 0 && (source.fetchedAt !== undefined || source.lastFetchFailed))
    return 'keys_unavailable';
  if (source.staleKeysInUse) {
    const age = now - (source.fetchedAt ?? now);
    return age > (maxKeyAge ?? 2 * source.cacheMaxAge) ? 'keys_too_old' : 'stale_keys_in_use';
  }
  return source.lastFetchFailed ? 'fetch_failed' : undefined;
}

/**
 * The JWKS verdict: down when a source has no usable key after a fetch was tried, or verifies
 * tokens with keys older than `maxKeyAge`. A source not fetched yet (no token has needed it) is up.
 */
export function assessJwks(
  sources: readonly JwksStatus[],
  now: number,
  options: JwksHealthOptions = {},
): HealthAssessment<{ sources: JwksSourceHealth[] }> {
  const reported = sources.map((source): JwksSourceHealth => {
    const problem = problemOf(source, now, options.maxKeyAge);
    return {
      ...(source.issuer !== undefined && { issuer: source.issuer }),
      ...(source.jwksUri !== undefined && { jwksUri: source.jwksUri }),
      ...(source.discoveryUrl !== undefined && { discoveryUrl: source.discoveryUrl }),
      keys: source.keyCount,
      ...(source.fetchedAt !== undefined && {
        fetchedAt: iso(source.fetchedAt),
        ageSeconds: Math.round((now - source.fetchedAt) / 1000),
      }),
      lastFetchFailed: source.lastFetchFailed,
      ...(source.lastFailure && {
        lastFailure: { at: iso(source.lastFailure.at), reason: source.lastFailure.reason },
      }),
      staleKeysInUse: source.staleKeysInUse,
      ...(problem !== undefined && { problem }),
    };
  });
  return { healthy: !reported.some((source) => DOWN.has(source.problem)), data: { sources: reported } };
}

/** The session store as its health check reports it. */
export interface SessionStoreHealth {
  /** The store's class: `MemorySessionStore`, `RedisSessionStore`, or the application's own. */
  readonly store: string;
  /** Whether the store's connections are up; absent when the store does not say. */
  readonly connected?: boolean;
  /** The state of each connection, as the store describes it. */
  readonly detail?: string;
  /** Whether this instance's revocations are current (the store's feed flows). */
  readonly revocationsCurrent: boolean;
  /** Since when the feed is cut (ISO 8601). */
  readonly revocationsStaleSince?: string;
  /** Whether access tokens are refused now for it (503 `session_store_unavailable`). */
  readonly refusingTokens: boolean;
}

/**
 * The session store's verdict: down while the store says it is not connected, or while tokens are
 * refused because its revocation feed has been cut longer than `sessions.maxStaleness`.
 */
export function assessSessionStore(
  store: string,
  connection: SessionStoreConnection | undefined,
  feed: RevocationFeedStatus,
): HealthAssessment<SessionStoreHealth> {
  return {
    healthy: connection?.connected !== false && !feed.refusingTokens,
    data: {
      store,
      ...(connection && { connected: connection.connected }),
      ...(connection?.detail !== undefined && { detail: connection.detail }),
      revocationsCurrent: feed.current,
      ...(feed.staleSince !== undefined && { revocationsStaleSince: iso(feed.staleSince) }),
      refusingTokens: feed.refusingTokens,
    },
  };
}
