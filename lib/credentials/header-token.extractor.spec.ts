import { createHeaderTokenExtractor } from './header-token.extractor';

const bearerOrJwt = createHeaderTokenExtractor('authorization', new Set(['bearer', 'jwt']));

describe('createHeaderTokenExtractor', () => {
  it('reads a Bearer token', () => {
    expect(bearerOrJwt({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
  });

  it('matches the scheme case-insensitively', () => {
    expect(bearerOrJwt({ authorization: 'bEaReR abc' })).toBe('abc');
    expect(bearerOrJwt({ authorization: 'JWT abc' })).toBe('abc');
  });

  it('matches the whole scheme, not its start or a longer word', () => {
    expect(bearerOrJwt({ authorization: 'Bearerx abc' })).toBeUndefined();
    expect(bearerOrJwt({ authorization: 'Bear abc' })).toBeUndefined();
    expect(bearerOrJwt({ authorization: 'bearer abc' })).toBe('abc');
    expect(bearerOrJwt({ authorization: 'Jwt abc' })).toBe('abc');
    expect(bearerOrJwt({ authorization: 'JWTs abc' })).toBeUndefined();
  });

  it('ignores another scheme (pyramid_jwt test_wrong_auth_scheme)', () => {
    expect(bearerOrJwt({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
  });

  it('ignores a header without a scheme (pyramid_jwt test_invalid_authorization_header)', () => {
    expect(bearerOrJwt({ authorization: 'abc.def.ghi' })).toBeUndefined();
  });

  it('ignores a scheme without a token', () => {
    expect(bearerOrJwt({ authorization: 'Bearer ' })).toBeUndefined();
    expect(bearerOrJwt({ authorization: 'Bearer' })).toBeUndefined();
  });

  it('finds nothing without the header', () => {
    expect(bearerOrJwt({})).toBeUndefined();
  });

  it('reads a bare token from another header (pyramid_jwt test_other_header)', () => {
    const xToken = createHeaderTokenExtractor('x-token', new Set());
    expect(xToken({ 'x-token': ' abc.def.ghi ' })).toBe('abc.def.ghi');
    expect(xToken({ authorization: 'Bearer abc' })).toBeUndefined();
  });

  it('treats a repeated header as no token', () => {
    expect(bearerOrJwt({ authorization: ['Bearer a', 'Bearer b'] })).toBeUndefined();
  });
});
