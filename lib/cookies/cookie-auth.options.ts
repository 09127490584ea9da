import type { KeyObject } from 'node:crypto';
import {
  isCookieDomain,
  isCookieName,
  isCookiePath,
  serializeCookieAttributes,
  type CookieSameSite,
} from './cookie-header.util';
import { deriveCsrfKey, type ResolvedJwtCookieCsrfOptions } from './csrf-token.util';
import { configError as fail, describeValue } from '../utils/config-error.util';

/**
 * Keeping the JWT in a cookie, for browser apps (pyramid_jwt's `JWTCookieAuthenticationPolicy`).
 * The cookie is always `HttpOnly`; its value is the JWT itself and its `Max-Age` the token's
 * lifetime. Every field is validated when the application starts.
 */
export interface JwtCookieOptions {
  /**
   * The cookie's name. Default `'Authorization'`, as pyramid_jwt. A `__Host-` name (recommended:
   * no other host or path can then plant a cookie of that name) needs `secure: true`, `path: '/'`
   * and no `domain`; a `__Secure-` name needs `secure: true`.
   */
  name?: string;
  /**
   * Send the cookie over HTTPS only (`Secure`). Default `true`. Set `false` for local development
   * over plain HTTP, never in production.
   */
  secure?: boolean;
  /**
   * The `SameSite` attribute: `'strict'`, `'lax'` or `'none'` (which needs `secure: true`).
   * Default `'lax'`.
   */
  sameSite?: CookieSameSite;
  /** The cookie's `Path`. Default `'/'`. */
  path?: string;
  /** The cookie's `Domain`, to share it with subdomains. Default: none (a host-only cookie). */
  domain?: string;
  /**
   * Sliding sessions: once a cookie's token is this many seconds old, the response to a request it
   * authenticates carries a fresh cookie with the same claims. Shorter than `expiration`.
   * Default: none (no reissue, as pyramid_jwt).
   */
  reissueTime?: number;
  /**
   * The longest a login lasts through reissues, in seconds from `remember()`: no token is issued
   * past it, so the user must log in again. Default: none (reissues go on while the user is active).
   */
  maxSessionAge?: number;
  /**
   * Double-submit CSRF protection of cookie-authenticated requests with an unsafe method (anything
   * but GET, HEAD, OPTIONS, TRACE). `true` (the default) uses the default names; `false` turns it
   * off, which is only safe when every such route is otherwise protected.
   */
  csrf?: boolean | JwtCookieCsrfOptions;
  /**
   * The `Path` of the refresh cookie: the application's refresh route, such as `'/auth/refresh'`.
   * With it, `CookieAuthService.rememberSession()` also sets the session's refresh token in an
   * `HttpOnly` cookie that the browser sends to that route only, and `refreshSession()` reads it
   * (with the CSRF check). Default: none (no refresh cookie).
   */
  refreshPath?: string;
  /** The refresh cookie's name. Default `'Refresh-Token'`. Not `__Host-` (its `Path` is not `/`). */
  refreshName?: string;
}

/** Names used by the double-submit CSRF protection of cookie mode. */
export interface JwtCookieCsrfOptions {
  /**
   * The readable (not `HttpOnly`) cookie `remember()` sets with the CSRF token. Default
   * `'XSRF-TOKEN'`, the name axios and Angular's HttpClient read by default.
   */
  cookieName?: string;
  /** The request header that must echo the CSRF token. Default `'X-CSRF-Token'`. */
  headerName?: string;
}

/** The cookie options after start-up validation: names checked, attributes pre-serialised, keys derived. */
export interface ResolvedJwtCookieOptions {
  /** The token cookie's name. */
  readonly name: string;
  /** `; Path=...; Secure; HttpOnly; SameSite=...` of the token cookie. */
  readonly attributes: string;
  /** Seconds after which a cookie's token is reissued; `undefined`: never. */
  readonly reissueTime: number | undefined;
  /** Seconds after `auth_time` past which no token is issued; `undefined`: no cap. */
  readonly maxSessionAge: number | undefined;
  /** The CSRF settings; `undefined` when CSRF protection is off. */
  readonly csrf: ResolvedJwtCookieCsrfOptions | undefined;
  /** The refresh cookie's name and attributes (`Path` its route); `undefined` without `refreshPath`. */
  readonly refresh: { readonly name: string; readonly attributes: string } | undefined;
}

/** What the cookie options are checked against: the module's own resolved settings. */
export interface CookieOptionsContext {
  /** The module's token lifetime, in seconds. */
  readonly expiration: number;
  /** The module's lower-cased token header. */
  readonly httpHeader: string;
  /** The signing key, from which the CSRF key is derived; `undefined` for a verify-only service. */
  readonly key: KeyObject | undefined;
}

const SAME_SITE_VALUES: readonly CookieSameSite[] = ['strict', 'lax', 'none'];
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN_FIELDS = new Set([
  'name',
  'secure',
  'sameSite',
  'path',
  'domain',
  'reissueTime',
  'maxSessionAge',
  'csrf',
  'refreshPath',
  'refreshName',
]);
const KNOWN_CSRF_FIELDS = new Set(['cookieName', 'headerName']);
// Options people reach for out of habit with other cookie libraries, and why they are not options here.
const FIELD_HINTS: Readonly<Record<string, string>> = {
  httpOnly: 'the token cookie is always HttpOnly',
  maxAge: 'the cookie lives as long as its token: set "expiration" (or remember()\'s expiration)',
  expires: 'the cookie lives as long as its token: set "expiration" (or remember()\'s expiration)',
  signed: 'the cookie holds a signed JWT already',
};

function optionalSeconds(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(`"cookie.${name}" must be a positive, finite number of seconds; got ${describeValue(value)}.`);
  }
  return value;
}

function unknownFields(given: object, known: ReadonlySet<string>): string[] {
  return Object.keys(given).filter((field) => !known.has(field));
}

/**
 * Cookie prefixes (RFC 6265bis §4.1.3), matched case-insensitively as current browsers do: a
 * cookie whose name promises `__Host-` or `__Secure-` and does not keep the promise is dropped by
 * the browser, so the application would silently never log anyone in.
 */
function checkPrefix(
  field: string,
  name: string,
  secure: boolean,
  path: string,
  domain: string | undefined,
): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('__host-')) {
    if (!secure) fail(`"${field}" ${name} has the __Host- prefix, which needs "cookie.secure": true.`);
    if (path !== '/')
      fail(
        `"${field}" ${name} has the __Host- prefix, which needs "cookie.path": '/'; got ${JSON.stringify(path)}.`,
      );
    if (domain !== undefined)
      fail(`"${field}" ${name} has the __Host- prefix, which forbids "cookie.domain"; remove it.`);
  } else if (lower.startsWith('__secure-') && !secure) {
    fail(`"${field}" ${name} has the __Secure- prefix, which needs "cookie.secure": true.`);
  }
}

function resolveCsrf(
  csrf: unknown,
  tokenCookieName: string,
  cookie: { secure: boolean; sameSite: CookieSameSite; path: string; domain: string | undefined },
  context: CookieOptionsContext,
): ResolvedJwtCookieCsrfOptions | undefined {
  if (csrf === false) return undefined;
  const given: JwtCookieCsrfOptions =
    csrf === undefined || csrf === true ? {} : (csrf as JwtCookieCsrfOptions);
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    fail('"cookie.csrf" must be true, false, or { cookieName?, headerName? }.');
  }
  const unknown = unknownFields(given, KNOWN_CSRF_FIELDS);
  if (unknown.length > 0)
    fail(`unknown "cookie.csrf" option ${JSON.stringify(unknown[0])}; use cookieName or headerName.`);
  const cookieName = given.cookieName ?? 'XSRF-TOKEN';
  if (!isCookieName(cookieName)) {
    fail(
      `"cookie.csrf.cookieName" must be a cookie name (letters, digits and !#$%&'*+.^_\`|~-); got ${JSON.stringify(cookieName)}.`,
    );
  }
  if (cookieName === tokenCookieName)
    fail(`"cookie.csrf.cookieName" must differ from "cookie.name" (both are ${cookieName}).`);
  checkPrefix('cookie.csrf.cookieName', cookieName, cookie.secure, cookie.path, cookie.domain);
  const headerName = given.headerName ?? 'X-CSRF-Token';
  if (typeof headerName !== 'string' || !HTTP_TOKEN.test(headerName)) {
    fail(`"cookie.csrf.headerName" must be a header name; got ${JSON.stringify(headerName)}.`);
  }
  if (headerName.toLowerCase() === context.httpHeader) {
    fail(`"cookie.csrf.headerName" must differ from "httpHeader" (both are ${headerName}).`);
  }
  return Object.freeze({
    cookieName,
    attributes: serializeCookieAttributes({ ...cookie, httpOnly: false }),
    headerName: headerName.toLowerCase(),
    key: deriveCsrfKey(context.key),
  });
}

function resolveRefreshCookie(
  cookie: JwtCookieOptions,
  tokenCookieName: string,
  attributes: { secure: boolean; sameSite: CookieSameSite; domain: string | undefined },
): ResolvedJwtCookieOptions['refresh'] {
  const { refreshPath, refreshName = 'Refresh-Token' } = cookie;
  if (refreshPath === undefined) {
    if (cookie.refreshName !== undefined)
      fail('"cookie.refreshName" needs "cookie.refreshPath", the route that refreshes sessions.');
    return undefined;
  }
  if (!isCookiePath(refreshPath)) {
    fail(
      `"cookie.refreshPath" must be the refresh route's path, starting with "/"; got ${JSON.stringify(refreshPath)}.`,
    );
  }
  if (!isCookieName(refreshName))
    fail(`"cookie.refreshName" must be a cookie name; got ${JSON.stringify(refreshName)}.`);
  if (refreshName === tokenCookieName)
    fail(`"cookie.refreshName" must differ from "cookie.name" (both are ${refreshName}).`);
  checkPrefix('cookie.refreshName', refreshName, attributes.secure, refreshPath, attributes.domain);
  return Object.freeze({
    name: refreshName,
    attributes: serializeCookieAttributes({ ...attributes, path: refreshPath, httpOnly: true }),
  });
}

/**
 * Validates the `cookie` option once, at start-up, with messages that say how to fix it, and
 * pre-builds what each request needs. `undefined` when cookie mode is off.
 */
export function resolveCookieOptions(
  cookie: JwtCookieOptions | undefined,
  context: CookieOptionsContext,
): ResolvedJwtCookieOptions | undefined {
  if (cookie === undefined) return undefined;
  if (typeof cookie !== 'object' || cookie === null || Array.isArray(cookie)) {
    fail(
      '"cookie" must be an object of cookie options, such as { name: \'__Host-Authorization\' }; use {} for the defaults.',
    );
  }
  const unknown = unknownFields(cookie, KNOWN_FIELDS);
  if (unknown.length > 0) {
    const hint = Object.hasOwn(FIELD_HINTS, unknown[0])
      ? FIELD_HINTS[unknown[0]]
      : `the options are ${[...KNOWN_FIELDS].join(', ')}`;
    fail(`unknown "cookie" option ${JSON.stringify(unknown[0])}: ${hint}.`);
  }
  const name = cookie.name ?? 'Authorization';
  if (!isCookieName(name)) {
    fail(
      `"cookie.name" must be a cookie name (letters, digits and !#$%&'*+.^_\`|~-); got ${JSON.stringify(name)}.`,
    );
  }
  const secure = cookie.secure ?? true;
  if (typeof secure !== 'boolean')
    fail(`"cookie.secure" must be true or false; got ${JSON.stringify(secure)}.`);
  const sameSite = cookie.sameSite ?? 'lax';
  if (!SAME_SITE_VALUES.includes(sameSite)) {
    fail(
      `"cookie.sameSite" must be 'strict', 'lax' or 'none' (lower case); got ${JSON.stringify(sameSite)}.`,
    );
  }
  if (sameSite === 'none' && !secure) {
    fail(
      '"cookie.sameSite": \'none\' needs "cookie.secure": true; browsers drop a SameSite=None cookie that is not Secure.',
    );
  }
  const path = cookie.path ?? '/';
  if (!isCookiePath(path))
    fail(
      `"cookie.path" must start with "/" and contain no ";" or control character; got ${JSON.stringify(path)}.`,
    );
  const domain = cookie.domain;
  if (domain !== undefined && !isCookieDomain(domain)) {
    fail(
      `"cookie.domain" must be a host name such as "example.com", without scheme, port or path; got ${JSON.stringify(domain)}.`,
    );
  }
  checkPrefix('cookie.name', name, secure, path, domain);
  const reissueTime = optionalSeconds('reissueTime', cookie.reissueTime);
  if (reissueTime !== undefined && reissueTime >= context.expiration) {
    fail(
      `"cookie.reissueTime" (${reissueTime} s) must be shorter than "expiration" (${context.expiration} s): ` +
        'a token would expire before it is old enough to be reissued.',
    );
  }
  const maxSessionAge = optionalSeconds('maxSessionAge', cookie.maxSessionAge);
  if (maxSessionAge !== undefined && reissueTime !== undefined && maxSessionAge <= reissueTime) {
    fail(
      `"cookie.maxSessionAge" (${maxSessionAge} s) must be longer than "cookie.reissueTime" (${reissueTime} s), or no token could ever be reissued.`,
    );
  }
  const attributes = { secure, sameSite, path, domain };
  return Object.freeze({
    name,
    attributes: serializeCookieAttributes({ ...attributes, httpOnly: true }),
    reissueTime,
    maxSessionAge,
    csrf: resolveCsrf(cookie.csrf, name, attributes, context),
    refresh: resolveRefreshCookie(cookie, name, attributes),
  });
}
