import { HttpException, HttpStatus } from '@nestjs/common';
import type { DpopRefusalCode } from '../refusal/refusal-code.interface';
import { DPOP_REFUSAL_MESSAGES } from './dpop-refusal.constants';

/**
 * A DPoP proof refused at the application's own token endpoint (see
 * `DpopService.verifyTokenRequestProof`). An `HttpException`, so that thrown from a controller it
 * answers 400 (RFC 9449 §5: the token endpoint's `invalid_dpop_proof` and `use_dpop_nonce` are
 * 400s) with `{ statusCode, error, code, message }`, `code` being the guard's code for the same
 * problem.
 */
export class DpopProofError extends HttpException {
  override readonly name = 'DpopProofError';

  constructor(
    /** Why the proof was refused: `dpop_nonce_required` means retry with the `DPoP-Nonce` header's nonce. */
    readonly code: DpopRefusalCode,
  ) {
    super(
      {
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'Bad Request',
        code,
        message: DPOP_REFUSAL_MESSAGES[code],
      },
      HttpStatus.BAD_REQUEST,
    );
  }
}
