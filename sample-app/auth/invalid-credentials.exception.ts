import { UnauthorizedException } from '@nestjs/common';

/** A login with an unknown user or a wrong password: one answer for both, so names cannot be probed. */
export class InvalidCredentialsException extends UnauthorizedException {
  constructor() {
    super({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'invalid_credentials',
      message: 'Unknown user or wrong password',
    });
  }
}
