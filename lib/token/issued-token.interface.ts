/**
 * A token just issued by {@link JwtTokenService.issueToken}, with its lifetime, so that a login
 * route answers `expires_in` from the token itself instead of repeating the configuration. Shaped
 * like an OAuth 2.0 token response (RFC 6749 §5.1), in camelCase.
 */
export interface IssuedToken {
  /** The signed JWT, to send as `Authorization: <tokenType> <accessToken>`. */
  readonly accessToken: string;
  /**
   * How to present the token: `Bearer` (RFC 6750), or `DPoP` for a token bound to a DPoP key
   * (RFC 9449 §5), sent with a proof signed by that key.
   */
  readonly tokenType: 'Bearer' | 'DPoP';
  /** The token's lifetime in whole seconds: its `exp` minus its `iat`. */
  readonly expiresIn: number;
  /** When the token expires: its `exp`. */
  readonly expiresAt: Date;
}
