import { createCookieTokenExtractor } from './cookie-token.extractor';
import { combineCredentials } from './token-credentials.util';

describe('combineCredentials', () => {
  it('has no credentials without a header token or a cookie', () => {
    expect(combineCredentials(undefined, [])).toBe('token_missing');
  });

  it('takes the header token when there is no cookie', () => {
    expect(combineCredentials('h.h.h', [])).toEqual({ token: 'h.h.h', source: 'header' });
  });

  it('takes the cookie token when there is no header token', () => {
    expect(combineCredentials(undefined, ['c.c.c'])).toEqual({ token: 'c.c.c', source: 'cookie' });
  });

  it('refuses a header token and a cookie together as ambiguous', () => {
    expect(combineCredentials('h.h.h', ['c.c.c'])).toBe('token_ambiguous');
  });

  it('refuses several cookie tokens as ambiguous, even when they are equal', () => {
    expect(combineCredentials(undefined, ['c.c.c', 'c.c.c'])).toBe('token_ambiguous');
  });
});

describe('createCookieTokenExtractor', () => {
  const read = createCookieTokenExtractor('Authorization');

  it('reads the configured cookie from the Cookie header', () => {
    expect(read({ cookie: 'a=1; Authorization=c.c.c' })).toEqual(['c.c.c']);
  });

  it('treats a cleared (empty) cookie as no token', () => {
    expect(read({ cookie: 'Authorization=' })).toEqual([]);
  });

  it('returns every non-empty cookie of that name', () => {
    expect(read({ cookie: 'Authorization=x.x.x; Authorization=; Authorization=y.y.y' })).toEqual([
      'x.x.x',
      'y.y.y',
    ]);
  });

  it('reads nothing from a request without cookies', () => {
    expect(read({})).toEqual([]);
  });
});
