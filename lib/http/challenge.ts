import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { REFUSAL_MESSAGES, type RefusalCode } from '../refusal/refusal';

export type { RefusalCode } from '../refusal/refusal';

/** A refused request at the edge: the status, the `WWW-Authenticate` challenge and the exception. */
export interface Challenge {
  /** The `WWW-Authenticate` header value (RFC 6750 §3). */
  readonly header: string;
  /** The exception whose JSON body carries `statusCode`, `error`, `code` and `message`. */
  readonly exception: HttpException;
}

/**
 * RFC 6750 §3: no credentials → 401 with a bare `Bearer realm`; a bad token or an unknown user →
 * 401 `invalid_token`; authenticated but not permitted → 403 `insufficient_scope`.
 */
export function challengeFor(code: RefusalCode, realm: string): Challenge {
  const message = REFUSAL_MESSAGES[code];
  if (code === 'permission_denied') {
    return {
      header: `Bearer realm="${realm}", error="insufficient_scope", error_description="${message}"`,
      exception: new ForbiddenException({ statusCode: 403, error: 'Forbidden', code, message }),
    };
  }
  const exception = new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code, message });
  if (code === 'token_missing') {
    // §3.1: a request without credentials gets no error code.
    return { header: `Bearer realm="${realm}"`, exception };
  }
  return { header: `Bearer realm="${realm}", error="invalid_token", error_description="${message}"`, exception };
}
