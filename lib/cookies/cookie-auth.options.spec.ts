import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import type { JwtCookieOptions } from './cookie-auth.options';

const SECRET = 's'.repeat(64);
const resolve = (cookie: JwtCookieOptions | undefined, options: JwtAuthOptions = {}) =>
  resolveJwtAuthOptions({ secret: SECRET, ...options, cookie }).cookie;

describe('the cookie option, at start-up', () => {
  it('leaves cookie mode off by default', () => {
    expect(resolve(undefined)).toBeUndefined();
  });

  it("applies the issue's defaults: Authorization, Secure, HttpOnly, SameSite=Lax, Path=/", () => {
    expect(resolve({})).toMatchObject({
      name: 'Authorization',
      attributes: '; Path=/; Secure; HttpOnly; SameSite=Lax',
      reissueTime: undefined,
      maxSessionAge: undefined,
    });
  });

  it('turns CSRF protection on by default, with a readable XSRF-TOKEN cookie and the X-CSRF-Token header', () => {
    expect(resolve({})!.csrf).toMatchObject({
      cookieName: 'XSRF-TOKEN',
      attributes: '; Path=/; Secure; SameSite=Lax',
      headerName: 'x-csrf-token',
    });
  });

  it('turns CSRF protection off with csrf: false', () => {
    expect(resolve({ csrf: false })!.csrf).toBeUndefined();
  });

  it('builds the attributes of secure: false, a path and a domain', () => {
    expect(
      resolve({ secure: false, path: '/app', domain: 'example.com', sameSite: 'strict' })!.attributes,
    ).toBe('; Path=/app; Domain=example.com; HttpOnly; SameSite=Strict');
  });

  it('accepts a __Host- name with the defaults', () => {
    expect(resolve({ name: '__Host-Authorization' })!.name).toBe('__Host-Authorization');
  });

  it('refuses a __Host- name without Secure', () => {
    expect(() => resolve({ name: '__Host-auth', secure: false })).toThrow(
      /__Host- prefix, which needs "cookie.secure": true/,
    );
  });

  it('refuses a __Host- name with a path other than /', () => {
    expect(() => resolve({ name: '__Host-auth', path: '/app' })).toThrow(
      /__Host- prefix, which needs "cookie.path": '\/'/,
    );
  });

  it('refuses a __Host- name with a domain', () => {
    expect(() => resolve({ name: '__Host-auth', domain: 'example.com' })).toThrow(
      /__Host- prefix, which forbids "cookie.domain"/,
    );
  });

  it('matches the __Host- prefix case-insensitively, as browsers do', () => {
    expect(() => resolve({ name: '__host-auth', secure: false })).toThrow(/__Host- prefix/);
  });

  it('refuses a __Secure- name without Secure', () => {
    expect(() => resolve({ name: '__Secure-auth', secure: false })).toThrow(
      /__Secure- prefix, which needs "cookie.secure": true/,
    );
  });

  it('applies the prefix rules to the CSRF cookie too', () => {
    expect(() => resolve({ domain: 'example.com', csrf: { cookieName: '__Host-csrf' } })).toThrow(
      /"cookie.csrf.cookieName" __Host-csrf/,
    );
  });

  it('refuses SameSite=None without Secure', () => {
    expect(() => resolve({ sameSite: 'none', secure: false })).toThrow(/'none' needs "cookie.secure": true/);
  });

  it.each([{ sameSite: 'Lax' }, { sameSite: true }])('refuses sameSite %j, listing the values', (cookie) => {
    expect(() => resolve(cookie as JwtCookieOptions)).toThrow(
      /"cookie.sameSite" must be 'strict', 'lax' or 'none'/,
    );
  });

  it.each(['', 'my cookie', 'a;b', 'naïve'])('refuses the cookie name %j', (name) => {
    expect(() => resolve({ name })).toThrow(/"cookie.name" must be a cookie name/);
  });

  it.each(['app', '/a;b'])('refuses the path %j', (path) => {
    expect(() => resolve({ path })).toThrow(/"cookie.path" must start with "\/"/);
  });

  it.each(['https://example.com', 'example.com:8080'])('refuses the domain %j', (domain) => {
    expect(() => resolve({ domain })).toThrow(/"cookie.domain" must be a host name/);
  });

  it('refuses a secure option that is not a boolean', () => {
    expect(() => resolve({ secure: 'false' as unknown as boolean })).toThrow(
      /"cookie.secure" must be true or false/,
    );
  });

  it('refuses an unknown option, naming the known ones', () => {
    expect(() => resolve({ nmae: 'x' } as JwtCookieOptions)).toThrow(
      /unknown "cookie" option "nmae": the options are name, secure/,
    );
  });

  it('explains that the token cookie is always HttpOnly', () => {
    expect(() => resolve({ httpOnly: false } as JwtCookieOptions)).toThrow(/always HttpOnly/);
  });

  it('explains that the cookie lives as long as its token', () => {
    expect(() => resolve({ maxAge: 60 } as JwtCookieOptions)).toThrow(
      /lives as long as its token: set "expiration"/,
    );
  });

  it('refuses a cookie option that is not an object', () => {
    expect(() => resolve(true as unknown as JwtCookieOptions)).toThrow(
      /"cookie" must be an object.*use \{\} for the defaults/,
    );
  });

  it.each([0, -5, Number.NaN, '60'])('refuses reissueTime %p', (reissueTime) => {
    expect(() => resolve({ reissueTime: reissueTime as number })).toThrow(
      /"cookie.reissueTime" must be a positive, finite number of seconds/,
    );
  });

  it('refuses a reissueTime as long as the token lifetime: no token would live to be reissued', () => {
    expect(() => resolve({ reissueTime: 600 }, { expiration: 600 })).toThrow(
      /shorter than "expiration" \(600 s\)/,
    );
  });

  it('refuses a maxSessionAge no longer than reissueTime', () => {
    expect(() => resolve({ reissueTime: 300, maxSessionAge: 300 })).toThrow(
      /must be longer than "cookie.reissueTime"/,
    );
  });

  it('keeps reissueTime and maxSessionAge', () => {
    expect(resolve({ reissueTime: 300, maxSessionAge: 86_400 })).toMatchObject({
      reissueTime: 300,
      maxSessionAge: 86_400,
    });
  });

  it('refuses a CSRF cookie named like the token cookie', () => {
    expect(() => resolve({ name: 'session', csrf: { cookieName: 'session' } })).toThrow(
      /must differ from "cookie.name"/,
    );
  });

  it('refuses a CSRF header that is the token header', () => {
    expect(() => resolve({ csrf: { headerName: 'authorization' } })).toThrow(/must differ from "httpHeader"/);
  });

  it('refuses a CSRF header name that is not a header name', () => {
    expect(() => resolve({ csrf: { headerName: 'X CSRF' } })).toThrow(
      /"cookie.csrf.headerName" must be a header name/,
    );
  });

  it('refuses an unknown CSRF option', () => {
    expect(() => resolve({ csrf: { header: 'X-CSRF' } as never })).toThrow(
      /unknown "cookie.csrf" option "header"/,
    );
  });

  it('refuses a csrf option that is neither a boolean nor an object', () => {
    expect(() => resolve({ csrf: 'on' as never })).toThrow(/"cookie.csrf" must be true, false, or/);
  });
});
