/** Per-login settings of {@link CookieAuthService.remember}. */
export interface RememberOptions {
  /**
   * Claims added to the token, after `defaultClaims`. `sub`, `iat`, `exp`, `aud`, `iss`, and the
   * session claims `auth_time` and `sid`, are always the module's.
   */
  claims?: Record<string, unknown>;
  /**
   * Lifetime of this login's token and cookie, in seconds; at least 1. Default: the module's
   * `expiration`. Capped by `cookie.maxSessionAge`.
   */
  expiration?: number;
}

/** What {@link CookieAuthService.remember} put in the response's cookies. */
export interface RememberedSession {
  /** The JWT, also the value of the token cookie. */
  readonly token: string;
  /**
   * The CSRF token, also the value of the CSRF cookie, for an app whose scripts cannot read that
   * cookie (an API on another subdomain). `undefined` when `cookie.csrf` is `false`.
   */
  readonly csrfToken: string | undefined;
  /** Lifetime of the token and of both cookies, in seconds (their `Max-Age`). */
  readonly expiresIn: number;
}

/** What {@link CookieAuthService.rememberSession} and `refreshSession` put in the response's cookies. */
export interface RememberedTokenPair {
  /** The CSRF token (also in the CSRF cookie), bound to the session; `undefined` when `cookie.csrf` is `false`. */
  readonly csrfToken: string | undefined;
  /** Lifetime of the access token and of its cookie, in seconds. */
  readonly expiresIn: number;
  /** Lifetime of the refresh token and of its cookie, in seconds. */
  readonly refreshExpiresIn: number;
  /** The session id. */
  readonly sessionId: string;
}
