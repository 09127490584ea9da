/** The body of `POST /auth/login`. */
export interface LoginRequest {
  /** The user id to log in as. */
  readonly username: string;
  /** The user's password. */
  readonly password: string;
}

/** The answer to a login or a refresh, shaped like an OAuth 2.0 token response (RFC 6749 §5.1). */
export interface AccessTokenResponse {
  /** The signed JWT to send as `Authorization: Bearer <token>`. */
  readonly access_token: string;
  /** How to present the token: `Authorization: Bearer <access_token>` (RFC 6750), or `DPoP` for a key-bound token (RFC 9449). */
  readonly token_type: 'Bearer' | 'DPoP';
  /** The access token's lifetime, in seconds. */
  readonly expires_in: number;
  /** The opaque token that `POST /auth/refresh` trades, once, for a new pair. */
  readonly refresh_token: string;
  /** The refresh token's lifetime, in seconds (not in RFC 6749; Keycloak's name). */
  readonly refresh_expires_in: number;
}

/** The body of `POST /auth/refresh`: the refresh token, unless the browser sends the refresh cookie. */
export interface RefreshRequest {
  /** The refresh token the last login or refresh answered. */
  readonly refresh_token?: string;
}
