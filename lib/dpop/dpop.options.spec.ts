import { resolveDpopOptions } from './dpop.options';

describe('resolveDpopOptions', () => {
  it('is off when left out or false', () => {
    expect(resolveDpopOptions(undefined)).toBeUndefined();
    expect(resolveDpopOptions(false)).toBeUndefined();
  });

  it('turns on with the defaults for true or {}', () => {
    const resolved = resolveDpopOptions(true);
    expect(resolved).toEqual(resolveDpopOptions({}));
    expect(resolved).toEqual({
      algorithms: ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'],
      algs: 'ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA',
      proofWindow: 60,
      origin: undefined,
      nonce: undefined,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it('keeps the origin in its normal form', () => {
    expect(resolveDpopOptions({ origin: 'https://API.example.test:443/' })?.origin).toBe(
      'https://api.example.test',
    );
    expect(resolveDpopOptions({ origin: 'http://127.0.0.1:8080' })?.origin).toBe('http://127.0.0.1:8080');
  });

  it('resolves nonces: true with a lifetime of 300 s, or a shared secret', () => {
    expect(resolveDpopOptions({ nonce: true })?.nonce).toEqual({ secret: undefined, lifetime: 300 });
    const secret = 'x'.repeat(32);
    expect(resolveDpopOptions({ nonce: { secret, lifetime: 60 } })?.nonce).toEqual({ secret, lifetime: 60 });
  });

  it.each([
    ['a symmetric algorithm', { algorithms: ['HS256'] }, /never a shared secret/],
    ['an unknown algorithm', { algorithms: ['XS256'] }, /not an algorithm/],
    ['no algorithm', { algorithms: [] }, /non-empty array/],
    ['a zero proofWindow', { proofWindow: 0 }, /"dpop.proofWindow" must be a positive/],
    ['an origin with a path', { origin: 'https://api.example.test/v1' }, /must be an origin/],
    ['an origin of another scheme', { origin: 'ftp://api.example.test' }, /must be an origin/],
    ['an origin with a query', { origin: 'https://api.example.test/?a=1' }, /must be an origin/],
    ['a short nonce secret', { nonce: { secret: 'short' } }, /at least 32 characters/],
    ['an unknown nonce option', { nonce: { ttl: 5 } }, /unknown "dpop.nonce" option "ttl"/],
    ['an unknown option', { iatWindow: 5 }, /unknown "dpop" option "iatWindow"/],
    ['a string', 'on', /"dpop" must be true, or an object/],
  ])('refuses %s with a message that says how to fix it', (_case, value, message) => {
    expect(() => resolveDpopOptions(value as never)).toThrow(message);
  });
});
