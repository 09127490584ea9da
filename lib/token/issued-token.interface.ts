/**
 * A token just issued by {@link JwtTokenService.issueToken}, with its lifetime, so that a login
 * route answers `expires_in` from the token itself instead of repeating the configuration. Shaped
 * like an OAuth 2.0 token response (RFC 6749 §5.1), in camelCase.
 */
export interface IssuedToken {
  /** The signed JWT, to send as `Authorization: Bearer <accessToken>`. */
  readonly accessToken: string;
  /** How to present the token (RFC 6750). */
  readonly tokenType: 'Bearer';
  /** The token's lifetime in whole seconds: its `exp` minus its `iat`. */
  readonly expiresIn: number;
  /** When the token expires: its `exp`. */
  readonly expiresAt: Date;
}
