/** The body of `POST /auth/login`. */
export interface LoginRequest {
  /** The user id to log in as. */
  readonly username: string;
  /** The user's password. */
  readonly password: string;
}

/** The answer to a successful login, shaped like an OAuth 2.0 token response (RFC 6749 §5.1). */
export interface AccessTokenResponse {
  /** The signed JWT to send as `Authorization: Bearer <token>`. */
  readonly access_token: string;
  /** How to present the token: `Authorization: Bearer <access_token>` (RFC 6750). */
  readonly token_type: 'Bearer';
  /** The token's lifetime, in seconds. */
  readonly expires_in: number;
}
