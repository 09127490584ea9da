import { configError, describeValue } from '../utils/config-error.util';

/**
 * Bounds of the verified-token cache: the `tokenCache` option. The cache remembers, per exact token
 * string, the claims of a token that passed every check, so that a request repeating a token skips
 * the signature and claims checks; the time checks (`exp`, `nbf`, `iat`) are still made on every hit.
 */
export interface TokenCacheOptions {
  /**
   * The most tokens remembered at once; past it the least recently used is dropped. A positive
   * integer. Default `1000`.
   */
  maxEntries?: number;
  /**
   * Tokens longer than this many characters are verified every time and never remembered, which
   * bounds the cache's memory to about `maxEntries` times a few times this. A positive integer.
   * Default `2048`.
   */
  maxTokenLength?: number;
}

/** The cache's bounds after start-up validation. */
export interface ResolvedTokenCacheOptions {
  readonly maxEntries: number;
  readonly maxTokenLength: number;
}

/** Default bounds: about 1 MB for typical tokens of a few hundred characters, a few MB at worst. */
export const DEFAULT_TOKEN_CACHE_OPTIONS: ResolvedTokenCacheOptions = Object.freeze({
  maxEntries: 1000,
  maxTokenLength: 2048,
});

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    configError(`"tokenCache.${name}" must be a positive integer; got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Validates the `tokenCache` option at start-up: `undefined` or `true` for the default bounds,
 * `false` for no cache, or an object of {@link TokenCacheOptions}.
 */
export function resolveTokenCacheOptions(value: unknown): ResolvedTokenCacheOptions | false {
  if (value === undefined || value === true) return DEFAULT_TOKEN_CACHE_OPTIONS;
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    configError('"tokenCache" must be false (no cache), true, or { maxEntries, maxTokenLength }.');
  }
  const unknown = Object.keys(value).filter((name) => name !== 'maxEntries' && name !== 'maxTokenLength');
  if (unknown.length > 0) {
    configError(
      `unknown "tokenCache" option ${JSON.stringify(unknown[0])}; use maxEntries or maxTokenLength.`,
    );
  }
  const { maxEntries, maxTokenLength } = value as TokenCacheOptions;
  return Object.freeze({
    maxEntries: positiveInteger('maxEntries', maxEntries, DEFAULT_TOKEN_CACHE_OPTIONS.maxEntries),
    maxTokenLength: positiveInteger(
      'maxTokenLength',
      maxTokenLength,
      DEFAULT_TOKEN_CACHE_OPTIONS.maxTokenLength,
    ),
  });
}
