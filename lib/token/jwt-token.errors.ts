/**
 * Why a token was refused. Stable: applications and logs may match on these values.
 *
 * - `too_large`: longer than `maxTokenLength`, refused before decoding.
 * - `malformed`: not three base64url segments, or a header that is not a JSON object in UTF-8.
 * - `algorithm_not_allowed`: the header's `alg` is not one the application accepts (including `none`).
 * - `header_not_allowed`: a `crit`, `jwk`, `jku`, `x5u`, `x5c` or `zip` header (RFC 8725 §3.10, §2.5).
 * - `key_unknown`: no configured (or `jwksUri`) key has the token's `kid` and fits its `alg`; or the
 *   token names no `kid` and not exactly one key fits its `alg`.
 * - `keys_unavailable`: the token needs the `jwksUri` keys, and they could not be fetched (and none
 *   were fetched before).
 * - `signature_invalid`: the signature does not match the key, or is not spelled in its one canonical
 *   base64url form of the length the key gives.
 * - `payload_not_object`: the payload is not a JSON object (text, an array, a number...), or its bytes
 *   are not UTF-8 (RFC 8725 §3.7).
 * - `expiration_missing`: no `exp` claim, or one that is not a finite number.
 * - `expired`: `exp` has passed (beyond `leeway`).
 * - `not_yet_valid`: `nbf` is still in the future (beyond `leeway`).
 * - `issued_in_future`: `iat` is in the future (beyond `leeway`).
 * - `audience_invalid`: `aud` does not name the configured audience, or names one when none is configured.
 * - `issuer_invalid`: `iss` is not the configured issuer.
 * - `claims_invalid`: a registered claim of the wrong type (a text `nbf`, say).
 */
export type JwtTokenErrorCode =
  | 'too_large'
  | 'malformed'
  | 'algorithm_not_allowed'
  | 'header_not_allowed'
  | 'key_unknown'
  | 'keys_unavailable'
  | 'signature_invalid'
  | 'payload_not_object'
  | 'expiration_missing'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'audience_invalid'
  | 'issuer_invalid'
  | 'claims_invalid';

const MESSAGES: Record<JwtTokenErrorCode, string> = {
  too_large: 'The token is longer than the configured maximum',
  malformed: 'The token is not a well-formed JWS compact serialization',
  algorithm_not_allowed: 'The token is signed with an algorithm that is not allowed',
  header_not_allowed: 'The token carries a header parameter that is not allowed',
  key_unknown: 'The token names no key this service trusts for its algorithm',
  keys_unavailable: 'The keys needed to verify the token could not be fetched',
  signature_invalid: 'The token signature is invalid',
  payload_not_object: 'The token payload is not a JSON object',
  expiration_missing: 'The token has no valid expiration time',
  expired: 'The token has expired',
  not_yet_valid: 'The token is not valid yet',
  issued_in_future: 'The token was issued in the future',
  audience_invalid: 'The token audience is invalid',
  issuer_invalid: 'The token issuer is invalid',
  claims_invalid: 'The token has an invalid registered claim',
};

/**
 * Thrown by {@link JwtTokenService.verifyToken} for any token it refuses. The message is fixed per
 * `code` and never repeats the token or the underlying library's text, so it is safe to log or return.
 */
export class JwtTokenError extends Error {
  override readonly name = 'JwtTokenError';

  constructor(
    /** Why the token was refused. */
    readonly code: JwtTokenErrorCode,
  ) {
    super(MESSAGES[code]);
  }
}

/**
 * Thrown by {@link JwtTokenService.createToken} on a verify-only service: one configured with a
 * `publicKey`, public `keys` or `jwksUri`, and no `secret` or `privateKey` to sign with.
 */
export class JwtVerifyOnlyError extends Error {
  override readonly name = 'JwtVerifyOnlyError';

  constructor() {
    super(
      'createToken(): this JwtTokenService is verify-only: it has no "secret" or "privateKey" to sign with ' +
        '(only "publicKey", public "keys" or "jwksUri"). Configure "privateKey" (or a "keys" entry with one, named by ' +
        '"signingKeyId") on the service that issues tokens.',
    );
  }
}

/**
 * Why the JWK Set at `jwksUri` could not be used, with a stable `reason`: `unavailable` (network
 * error, timeout, a status other than 200), `too_large` (over `jwksOptions.maxBytes`), `malformed` (not JSON,
 * or not `{ "keys": [...] }`) or `private_key` (it holds a private or symmetric key, so nothing it
 * serves is trusted). Logged, never shown to clients: tokens it leaves unverifiable get a 401.
 */
export class JwksError extends Error {
  override readonly name = 'JwksError';

  constructor(
    /** Why the JWK Set was refused. */
    readonly reason: 'unavailable' | 'too_large' | 'malformed' | 'private_key',
    message: string,
  ) {
    super(message);
  }
}
