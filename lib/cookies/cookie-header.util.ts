// RFC 6265 §4.1.1 grammar, the strict side of it: what we write must be read the same way by every
// browser, so names, values and attributes are checked rather than escaped.

/** `cookie-name` is an RFC 7230 token. */
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** `cookie-octet`: visible ASCII except `"`, `,`, `;` and `\`. */
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
/** `path-value`: any visible character or space except `;`. */
const PATH_VALUE = /^\/[\x20-\x3a\x3c-\x7e]*$/;
/** A host name: dot-separated LDH labels, with the leading dot RFC 6265 tolerates (and ignores). */
const DOMAIN_VALUE =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The `SameSite` attribute values (RFC 6265bis §4.1.2.7). */
export type CookieSameSite = 'strict' | 'lax' | 'none';

/** The attributes of a `Set-Cookie` line, other than `Max-Age`, which changes with each cookie written. */
export interface CookieAttributes {
  /** `Path`; must start with `/`. */
  readonly path: string;
  /** `Domain`, or `undefined` for a host-only cookie. */
  readonly domain: string | undefined;
  /** `Secure`. */
  readonly secure: boolean;
  /** `HttpOnly`: hidden from the page's scripts. */
  readonly httpOnly: boolean;
  /** `SameSite`. */
  readonly sameSite: CookieSameSite;
}

/** Whether `name` may be a cookie name (an RFC 7230 token). */
export function isCookieName(name: unknown): name is string {
  return typeof name === 'string' && COOKIE_NAME.test(name);
}

/** Whether `path` may be a cookie's `Path` attribute: starts with `/`, no `;` and no control character. */
export function isCookiePath(path: unknown): path is string {
  return typeof path === 'string' && PATH_VALUE.test(path);
}

/** Whether `domain` may be a cookie's `Domain` attribute: a host name, no port, no IP literal brackets. */
export function isCookieDomain(domain: unknown): domain is string {
  return typeof domain === 'string' && domain.length <= 253 && DOMAIN_VALUE.test(domain);
}

/**
 * The `; Path=...; Domain=...; Secure; HttpOnly; SameSite=...` suffix of a `Set-Cookie` line.
 * Built once at start-up from validated attributes, so writing a cookie is one concatenation.
 */
export function serializeCookieAttributes(attributes: CookieAttributes): string {
  if (!isCookiePath(attributes.path))
    throw new TypeError(`Invalid cookie path ${JSON.stringify(attributes.path)}.`);
  if (attributes.domain !== undefined && !isCookieDomain(attributes.domain)) {
    throw new TypeError(`Invalid cookie domain ${JSON.stringify(attributes.domain)}.`);
  }
  const sameSite = attributes.sameSite.charAt(0).toUpperCase() + attributes.sameSite.slice(1);
  return (
    `; Path=${attributes.path}` +
    (attributes.domain === undefined ? '' : `; Domain=${attributes.domain}`) +
    (attributes.secure ? '; Secure' : '') +
    (attributes.httpOnly ? '; HttpOnly' : '') +
    `; SameSite=${sameSite}`
  );
}

/**
 * One `Set-Cookie` header value: `name=value; Max-Age=n` and the pre-built attribute suffix.
 * Throws a `TypeError` rather than write a name or value a browser would read differently
 * (a `;`, a space, a control character...): nothing is escaped, so nothing can be injected.
 */
export function serializeSetCookie(name: string, value: string, maxAge: number, attributes: string): string {
  if (!isCookieName(name)) throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}.`);
  if (typeof value !== 'string' || !COOKIE_VALUE.test(value))
    throw new TypeError(`Invalid value for cookie ${name}.`);
  if (!Number.isSafeInteger(maxAge) || maxAge < 0)
    throw new TypeError(`Invalid Max-Age ${maxAge} for cookie ${name}.`);
  return `${name}=${value}; Max-Age=${maxAge}${attributes}`;
}

/**
 * Every value the `Cookie` request header gives the cookie `name`, in the order sent, unquoted but
 * otherwise exactly as sent (no percent-decoding: the cookies we write need none). Names match
 * case-sensitively, as browsers send them. An empty array when the cookie is absent; more than one
 * value when the browser holds several cookies of that name (other paths or domains).
 */
export function getCookieValues(header: string | string[] | undefined, name: string): string[] {
  // Node joins repeated Cookie headers itself; an array only comes from a hand-built request.
  const cookies = Array.isArray(header) ? header.join('; ') : header;
  if (typeof cookies !== 'string' || !cookies.includes(name)) return [];
  const values: string[] = [];
  for (const pair of cookies.split(';')) {
    const equals = pair.indexOf('=');
    // A pair without "=" is a nameless cookie (RFC 6265bis §5.6): never ours.
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    values.push(
      value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value,
    );
  }
  return values;
}
