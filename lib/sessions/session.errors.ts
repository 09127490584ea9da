import { HttpException, HttpStatus } from '@nestjs/common';
import type { SessionErrorCode } from '../refusal/refusal-code.interface';

const MESSAGES: Readonly<Record<SessionErrorCode, string>> = {
  refresh_token_invalid: 'The refresh token is invalid',
  refresh_token_expired: 'The refresh token has expired',
  refresh_token_reused: 'The refresh token was already used; the session is revoked',
  refresh_token_revoked: 'The refresh token was revoked',
  refresh_token_key_mismatch:
    'The refresh token is bound to a DPoP key the request did not prove; the session is revoked',
  user_unknown: 'The refresh token does not identify a known user',
  user_lookup_failed: 'The user could not be looked up; try again later',
  session_store_unavailable: 'The session store is unavailable; try again later',
};

/**
 * A refused session operation. An `HttpException`, so that thrown from a controller it answers
 * `{ statusCode, error, code, message }` with 401, or 503 (and `Retry-After` is up to the app)
 * for `session_store_unavailable` and `user_lookup_failed`. The message is fixed per `code` and never repeats the token.
 */
export class SessionError extends HttpException {
  override readonly name = 'SessionError';

  constructor(
    /** Why the operation was refused. */
    readonly code: SessionErrorCode,
    options?: { cause?: unknown },
  ) {
    const unavailable = code === 'session_store_unavailable' || code === 'user_lookup_failed';
    const status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNAUTHORIZED;
    const error = unavailable ? 'Service Unavailable' : 'Unauthorized';
    super({ statusCode: status, error, code, message: MESSAGES[code] }, status, options);
  }
}
