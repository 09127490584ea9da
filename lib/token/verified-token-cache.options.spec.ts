import { DEFAULT_TOKEN_CACHE_OPTIONS, resolveTokenCacheOptions } from './verified-token-cache.options';

describe('resolveTokenCacheOptions', () => {
  it('turns the cache on with the default bounds when the option is absent', () => {
    expect(resolveTokenCacheOptions(undefined)).toEqual(DEFAULT_TOKEN_CACHE_OPTIONS);
  });

  it('turns the cache off with false', () => {
    expect(resolveTokenCacheOptions(false)).toBe(false);
  });

  it('fills the bounds left out with their defaults', () => {
    expect(resolveTokenCacheOptions({ maxEntries: 10 })).toEqual({ maxEntries: 10, maxTokenLength: 2048 });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '100'])(
    'refuses maxEntries %p',
    (maxEntries) => {
      expect(() => resolveTokenCacheOptions({ maxEntries })).toThrow(
        '"tokenCache.maxEntries" must be a positive integer',
      );
    },
  );

  it('refuses a maxTokenLength that is not a positive integer', () => {
    expect(() => resolveTokenCacheOptions({ maxTokenLength: 0 })).toThrow(
      '"tokenCache.maxTokenLength" must be a positive integer',
    );
  });

  it('refuses an unknown bound, such as a misspelt one', () => {
    expect(() => resolveTokenCacheOptions({ maxEntry: 10 })).toThrow(
      'unknown "tokenCache" option "maxEntry"',
    );
  });

  it.each([null, 'yes', 1000, [1000]])('refuses %p', (value) => {
    expect(() => resolveTokenCacheOptions(value)).toThrow(
      '"tokenCache" must be false (no cache), true, or { maxEntries, maxTokenLength }',
    );
  });
});
