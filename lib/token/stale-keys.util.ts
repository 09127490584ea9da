import type { RemoteDocumentCacheState } from '../utils/remote-document.cache';

/**
 * The one rule of "stale keys in use", which the `staleKeysInUse` event, `jwksStatus()` and the
 * JWKS health check all follow: a token was verified with the set in hand after it grew older than
 * `cacheMaxAge` (so a refresh was due), and the last fetch failed (so the refresh did not bring a
 * newer set). A refresh still in flight, or not yet allowed by the cooldown, is not stale: the
 * routine refresh of every `cacheMaxAge` would otherwise be reported each time.
 */
export function staleKeysInUse(state: RemoteDocumentCacheState, cacheMaxAge: number): boolean {
  const { fetchedAt, staleUsedAt, lastFailure } = state;
  return (
    fetchedAt !== undefined &&
    lastFailure !== undefined &&
    staleUsedAt !== undefined &&
    staleUsedAt - fetchedAt >= cacheMaxAge
  );
}
