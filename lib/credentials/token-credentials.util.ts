import type { AnonymousReason } from '../refusal/refusal-code.interface';

/**
 * Where a request's token came from: the token header, the cookie, or the `Authorization` header
 * under the `DPoP` scheme (with a proof to check). CSRF protection and the sliding reissue apply to
 * `'cookie'` only.
 */
export type TokenSource = 'header' | 'cookie' | 'dpop';

/** The token a request carries, and where it came from. */
export interface TokenCredentials {
  /** The raw token, not yet verified. */
  readonly token: string;
  /** The header (`httpHeader`, or wherever `extractToken` reads), the cookie (`cookie.name`), or DPoP. */
  readonly source: TokenSource;
}

/**
 * The request's credentials, or why there are none usable: `'token_missing'`, or
 * `'token_ambiguous'` when it carries more than one token (RFC 6750 §3.1: one method per request).
 */
export type ExtractedCredentials =
  TokenCredentials | Extract<AnonymousReason, 'token_missing' | 'token_ambiguous'>;

/**
 * The request's credentials from what its header (read as `headerSource`) and its cookie hold. A token in both, or in
 * several cookies of the configured name, is ambiguous whatever they hold: choosing one would let
 * whoever planted the other decide who the user is.
 */
export function combineCredentials(
  headerToken: string | undefined,
  cookieTokens: readonly string[],
  headerSource: 'header' | 'dpop' = 'header',
): ExtractedCredentials {
  if (cookieTokens.length === 0)
    return headerToken === undefined ? 'token_missing' : { token: headerToken, source: headerSource };
  if (cookieTokens.length > 1 || headerToken !== undefined) return 'token_ambiguous';
  return { token: cookieTokens[0], source: 'cookie' };
}
