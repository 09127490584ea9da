import {
  getCookieValues,
  isCookieDomain,
  isCookieName,
  isCookiePath,
  serializeCookieAttributes,
  serializeSetCookie,
} from './cookie-header.util';

const DEFAULT_ATTRIBUTES = {
  path: '/',
  domain: undefined,
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
} as const;

describe('getCookieValues', () => {
  it('finds a cookie among others', () => {
    expect(getCookieValues('theme=dark; Authorization=a.b.c; lang=en', 'Authorization')).toEqual(['a.b.c']);
  });

  it('returns nothing without a Cookie header', () => {
    expect(getCookieValues(undefined, 'Authorization')).toEqual([]);
  });

  it('returns nothing when the cookie is absent', () => {
    expect(getCookieValues('theme=dark', 'Authorization')).toEqual([]);
  });

  it('matches names exactly and case-sensitively', () => {
    expect(getCookieValues('authorization=x; XAuthorization=y; Authorization2=z', 'Authorization')).toEqual(
      [],
    );
  });

  it('does not take a name that only appears inside another value', () => {
    expect(getCookieValues('note=Authorization=x', 'Authorization')).toEqual([]);
  });

  it('returns every value of a repeated name, in the order sent', () => {
    expect(getCookieValues('Authorization=first; other=1; Authorization=second', 'Authorization')).toEqual([
      'first',
      'second',
    ]);
  });

  it('tolerates the whitespace browsers and proxies add around pairs', () => {
    expect(getCookieValues('  theme=dark ;Authorization = a.b.c ;', 'Authorization')).toEqual(['a.b.c']);
  });

  it('keeps "=" inside a value', () => {
    expect(getCookieValues('Authorization=a=b==', 'Authorization')).toEqual(['a=b==']);
  });

  it('removes the double quotes of a quoted value (RFC 6265 cookie-value)', () => {
    expect(getCookieValues('Authorization="a.b.c"', 'Authorization')).toEqual(['a.b.c']);
  });

  it('does not percent-decode', () => {
    expect(getCookieValues('Authorization=a%2Eb', 'Authorization')).toEqual(['a%2Eb']);
  });

  it('skips a pair without "=" (a nameless cookie)', () => {
    expect(getCookieValues('Authorization; Authorization=a.b.c', 'Authorization')).toEqual(['a.b.c']);
  });

  it('returns an empty value as sent', () => {
    expect(getCookieValues('Authorization=', 'Authorization')).toEqual(['']);
  });

  it('reads a header given as an array as one joined header', () => {
    expect(getCookieValues(['a=1', 'Authorization=a.b.c'], 'Authorization')).toEqual(['a.b.c']);
  });
});

describe('serializeSetCookie', () => {
  it('writes name, value, Max-Age and the attributes', () => {
    const attributes = serializeCookieAttributes(DEFAULT_ATTRIBUTES);
    expect(serializeSetCookie('Authorization', 'a.b.c', 3600, attributes)).toBe(
      'Authorization=a.b.c; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax',
    );
  });

  it('writes an empty value with Max-Age=0 to clear a cookie', () => {
    expect(serializeSetCookie('Authorization', '', 0, '; Path=/')).toBe('Authorization=; Max-Age=0; Path=/');
  });

  it.each(['a;b', 'a b', 'a,b', 'a"b', 'a\\b', 'a\r\nSet-Cookie: x=y', 'é'])(
    'refuses the value %j rather than escape it',
    (value) => {
      expect(() => serializeSetCookie('Authorization', value, 1, '')).toThrow(TypeError);
    },
  );

  it.each(['', 'a b', 'a=b', 'a;b', 'a\nb'])('refuses the name %j', (name) => {
    expect(() => serializeSetCookie(name, 'v', 1, '')).toThrow(TypeError);
  });

  it.each([-1, 1.5, Number.NaN, Infinity])('refuses the Max-Age %p', (maxAge) => {
    expect(() => serializeSetCookie('a', 'v', maxAge, '')).toThrow(TypeError);
  });
});

describe('serializeCookieAttributes', () => {
  it('writes Path, Domain, Secure, HttpOnly and SameSite', () => {
    expect(
      serializeCookieAttributes({
        path: '/app',
        domain: 'example.com',
        secure: true,
        httpOnly: true,
        sameSite: 'strict',
      }),
    ).toBe('; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=Strict');
  });

  it('leaves out Secure, HttpOnly and Domain when not wanted', () => {
    expect(
      serializeCookieAttributes({
        path: '/',
        domain: undefined,
        secure: false,
        httpOnly: false,
        sameSite: 'none',
      }),
    ).toBe('; Path=/; SameSite=None');
  });

  it('refuses a path that would end the attribute', () => {
    expect(() =>
      serializeCookieAttributes({ ...DEFAULT_ATTRIBUTES, path: '/; Domain=evil.example' }),
    ).toThrow(TypeError);
  });
});

describe('cookie name, path and domain checks', () => {
  it.each(['Authorization', '__Host-auth', 'XSRF-TOKEN', 'a.b_c'])('accepts the name %j', (name) => {
    expect(isCookieName(name)).toBe(true);
  });

  it.each(['', 'a b', 'a=b', 'a(b)', 'naïve', 42])('refuses the name %j', (name) => {
    expect(isCookieName(name)).toBe(false);
  });

  it.each(['/', '/app', '/a b/c'])('accepts the path %j', (path) => {
    expect(isCookiePath(path)).toBe(true);
  });

  it.each(['', 'app', '/a;b', '/a\nb'])('refuses the path %j', (path) => {
    expect(isCookiePath(path)).toBe(false);
  });

  it.each(['example.com', '.example.com', 'api.example.co.uk', 'localhost'])(
    'accepts the domain %j',
    (domain) => {
      expect(isCookieDomain(domain)).toBe(true);
    },
  );

  it.each(['', 'https://example.com', 'example.com:443', 'example.com/', '-bad.com', 'a..b', 'exa mple.com'])(
    'refuses the domain %j',
    (domain) => {
      expect(isCookieDomain(domain)).toBe(false);
    },
  );
});
