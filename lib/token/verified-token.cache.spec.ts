import { VerifiedTokenCache } from './verified-token.cache';

const NOW = 1_700_000_000;
const bounds = { maxEntries: 3, maxTokenLength: 64 };

function claimsValidFor(seconds: number, extra: Record<string, unknown> = {}) {
  return { sub: 'alice', iat: NOW, exp: NOW + seconds, ...extra };
}

describe('VerifiedTokenCache', () => {
  it('serves the claims of a remembered token', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    const claims = claimsValidFor(60);
    cache.set('a.b.c', claims, NOW);
    expect(cache.get('a.b.c', NOW + 1)).toBe(claims);
  });

  it('serves nothing for a token it never saw', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', claimsValidFor(60), NOW);
    expect(cache.get('a.b.d', NOW)).toBeUndefined();
  });

  it('serves nothing for a token that only ends like a remembered one', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    const signature = 'same-signature-segment';
    cache.set(`alice.claims.${signature}`, claimsValidFor(60), NOW);
    expect(cache.get(`mallory.claims.${signature}`, NOW)).toBeUndefined();
    expect(cache.get(`.${signature}`, NOW)).toBeUndefined();
  });

  it('keeps the later of two tokens that end alike, and serves each only its own claims', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    const [first, second] = [claimsValidFor(60, { sub: 'alice' }), claimsValidFor(60, { sub: 'bob' })];
    cache.set('alice.x.same-ending', first, NOW);
    cache.set('bob.x.same-ending', second, NOW);
    expect(cache.get('alice.x.same-ending', NOW)).toBeUndefined();
    expect(cache.get('bob.x.same-ending', NOW)).toBe(second);
    expect(cache.size).toBe(1);
  });

  it('serves nothing for an input that is not a string', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    expect(cache.get(null as unknown as string, NOW)).toBeUndefined();
  });

  it('never holds more than maxEntries tokens', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    for (let i = 0; i < 10; i++) cache.set(`token-${i}`, claimsValidFor(60), NOW);
    expect(cache.size).toBe(3);
  });

  it('drops the least recently used token first', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('first', claimsValidFor(60), NOW);
    cache.set('second', claimsValidFor(60), NOW);
    cache.set('third', claimsValidFor(60), NOW);
    cache.get('first', NOW);
    cache.set('fourth', claimsValidFor(60), NOW);
    expect(cache.get('second', NOW)).toBeUndefined();
    expect(cache.get('first', NOW)).toBeDefined();
  });

  it('drops a spared token in its turn when it has not been used again', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    for (const token of ['first', 'second', 'third']) cache.set(token, claimsValidFor(60), NOW);
    cache.get('first', NOW);
    for (const token of ['fourth', 'fifth', 'sixth']) cache.set(token, claimsValidFor(60), NOW);
    expect(cache.get('first', NOW)).toBeUndefined();
  });

  it('drops out-of-date tokens before in-date ones when full', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('long-lived', claimsValidFor(600), NOW);
    cache.set('short-lived', claimsValidFor(5), NOW);
    cache.set('other', claimsValidFor(600), NOW);
    cache.set('newcomer', claimsValidFor(600), NOW + 10);
    expect(cache.get('long-lived', NOW + 10)).toBeDefined();
    expect(cache.get('other', NOW + 10)).toBeDefined();
    expect(cache.size).toBe(3);
  });

  it('does not remember a token longer than maxTokenLength', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('x'.repeat(65), claimsValidFor(60), NOW);
    expect(cache.size).toBe(0);
  });

  it('does not serve a token from its exp on', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', claimsValidFor(60), NOW);
    expect(cache.get('a.b.c', NOW + 59)).toBeDefined();
    expect(cache.get('a.b.c', NOW + 60)).toBeUndefined();
  });

  it('forgets a token a lookup finds expired', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', claimsValidFor(60), NOW);
    cache.get('a.b.c', NOW + 60);
    expect(cache.size).toBe(0);
  });

  it('does not serve a token before its nbf', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', claimsValidFor(60, { nbf: NOW }), NOW);
    expect(cache.get('a.b.c', NOW - 1)).toBeUndefined();
  });

  it('does not serve a token before its iat, should the clock go back', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', claimsValidFor(60), NOW);
    expect(cache.get('a.b.c', NOW - 1)).toBeUndefined();
  });

  it('applies the leeway to exp as the verifier does', () => {
    const cache = new VerifiedTokenCache(bounds, 5);
    cache.set('a.b.c', claimsValidFor(60), NOW);
    expect(cache.get('a.b.c', NOW + 64)).toBeDefined();
    expect(cache.get('a.b.c', NOW + 65)).toBeUndefined();
  });

  it('applies the leeway to nbf as the verifier does', () => {
    const cache = new VerifiedTokenCache(bounds, 5);
    cache.set('a.b.c', claimsValidFor(60, { nbf: NOW + 5 }), NOW);
    expect(cache.get('a.b.c', NOW)).toBeDefined();
    expect(cache.get('a.b.c', NOW - 1)).toBeUndefined();
  });

  it('does not remember a token that is already out of date', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', claimsValidFor(60), NOW + 60);
    expect(cache.size).toBe(0);
  });

  it('does not remember a token without exp', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.set('a.b.c', { sub: 'alice' }, NOW);
    expect(cache.size).toBe(0);
  });

  it('drops every token when the key generation changes', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.useKeyGeneration('keys-1');
    cache.set('a.b.c', claimsValidFor(60), NOW);
    cache.useKeyGeneration('keys-2');
    expect(cache.get('a.b.c', NOW)).toBeUndefined();
  });

  it('keeps its tokens while the key generation stays the same', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    cache.useKeyGeneration('keys-1');
    cache.set('a.b.c', claimsValidFor(60), NOW);
    cache.useKeyGeneration('keys-1');
    expect(cache.get('a.b.c', NOW)).toBeDefined();
  });

  it('freezes the claims it is given, nested values included', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    const roles = ['admin'];
    const profile = { name: 'Alice' };
    const claims = claimsValidFor(60, { roles, profile });
    cache.set('a.b.c', claims, NOW);
    expect([Object.isFrozen(claims), Object.isFrozen(roles), Object.isFrozen(profile)]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('freezes the claims of a token too long to remember, so every result looks the same', () => {
    const cache = new VerifiedTokenCache(bounds, 0);
    const claims = claimsValidFor(60);
    cache.set('x'.repeat(65), claims, NOW);
    expect(Object.isFrozen(claims)).toBe(true);
  });
});
