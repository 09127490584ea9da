import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { RefreshRequest } from './login.dto';

// Far above a refresh token's 43 characters: the service refuses a wrong length with a 401 of its own.
const MAX_REFRESH_TOKEN_LENGTH = 4096;

/**
 * Accepts a refresh body only if it is a JSON object whose `refresh_token`, when present, is a
 * string; no body at all is `{}` (a browser refreshing with its cookie). Anything else (text, an
 * array, a number for the token) is a 400, never a crash.
 */
@Injectable()
export class RefreshRequestPipe implements PipeTransform<unknown, RefreshRequest> {
  transform(body: unknown): RefreshRequest {
    if (body === undefined || body === null) return {};
    if (typeof body !== 'object' || Array.isArray(body)) throw invalidRefreshRequest();
    const token: unknown = (body as Record<string, unknown>).refresh_token;
    if (token === undefined) return {};
    if (typeof token !== 'string' || token === '' || token.length > MAX_REFRESH_TOKEN_LENGTH)
      throw invalidRefreshRequest();
    return { refresh_token: token };
  }
}

/** The 400 of a refresh request the server cannot read. */
export function invalidRefreshRequest(): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: 'invalid_refresh_request',
    message: 'Send a JSON object with a "refresh_token" string, or the refresh cookie',
  });
}
