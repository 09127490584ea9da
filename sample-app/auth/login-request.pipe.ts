import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { LoginRequest } from './login.dto';

const MAX_USERNAME_LENGTH = 128;
const MAX_PASSWORD_LENGTH = 1024;

function isBoundedString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

/**
 * Accepts a login body only if it is a JSON object with a non-empty `username` and `password`
 * string; anything else (no body, text, an array, a number for a name) is a 400, never a crash.
 */
@Injectable()
export class LoginRequestPipe implements PipeTransform<unknown, LoginRequest> {
  transform(body: unknown): LoginRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw this.invalid();
    }
    const { username, password } = body as Record<string, unknown>;
    if (!isBoundedString(username, MAX_USERNAME_LENGTH) || !isBoundedString(password, MAX_PASSWORD_LENGTH)) {
      throw this.invalid();
    }
    return { username, password };
  }

  private invalid(): BadRequestException {
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      code: 'invalid_login_request',
      message: 'Send a JSON object with "username" and "password" strings',
    });
  }
}
