import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { createCookieTokenExtractor } from './cookie-token.extractor';
import { createHeaderTokenExtractor } from './header-token.extractor';

/** Where a request's token came from. CSRF protection and the sliding reissue apply to `'cookie'` only. */
export type TokenSource = 'header' | 'cookie';

/** The token a request carries, and where it came from. */
export interface TokenCredentials {
  /** The raw token, not yet verified. */
  readonly token: string;
  /** The header (`httpHeader`) or the cookie (`cookie.name`). */
  readonly source: TokenSource;
}

/**
 * The request's credentials, or why there are none usable: `'token_missing'`, or
 * `'token_ambiguous'` when it carries more than one token (RFC 6750 §3.1: one method per request).
 */
export type ExtractedCredentials = TokenCredentials | 'token_missing' | 'token_ambiguous';

/** Reads a request's credentials from its headers. */
export type CredentialsExtractor = (headers: Record<string, string | string[] | undefined>) => ExtractedCredentials;

/**
 * Builds, once at start-up, the function that finds the token in the header and, in cookie mode,
 * in the cookie. A token in both, or in several cookies of the configured name, is ambiguous,
 * whatever they hold.
 */
export function createCredentialsExtractor(options: ResolvedJwtAuthOptions): CredentialsExtractor {
  const readHeader = createHeaderTokenExtractor(options.httpHeader, options.authTypes);
  if (!options.cookie) {
    return (headers) => {
      const token = readHeader(headers);
      return token === undefined ? 'token_missing' : { token, source: 'header' };
    };
  }
  const readCookie = createCookieTokenExtractor(options.cookie.name);
  return (headers) => {
    const headerToken = readHeader(headers);
    const cookieTokens = readCookie(headers);
    if (cookieTokens.length === 0) return headerToken === undefined ? 'token_missing' : { token: headerToken, source: 'header' };
    if (cookieTokens.length > 1 || headerToken !== undefined) return 'token_ambiguous';
    return { token: cookieTokens[0], source: 'cookie' };
  };
}
