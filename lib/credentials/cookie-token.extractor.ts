import { getCookieValues } from '../cookies/cookie-header.util';

/** The tokens in a request's auth cookie: none, one, or several when the browser holds several. */
export type CookieTokenExtractor = (
  headers: Record<string, string | string[] | undefined>,
) => readonly string[];

/**
 * Builds, once at start-up, the function that reads the tokens from the cookie `cookieName`.
 * An empty value (a cleared cookie) is no token. Several cookies of that name (planted by a
 * sibling subdomain, or left by an older path) are all returned, for the caller to refuse:
 * picking one would let whoever planted it choose who the user is.
 */
export function createCookieTokenExtractor(cookieName: string): CookieTokenExtractor {
  return (headers) => getCookieValues(headers.cookie, cookieName).filter((value) => value !== '');
}
