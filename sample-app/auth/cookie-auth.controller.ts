import {
  Body,
  Controller,
  Header,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { CookieAuthService, Public, SessionService } from 'nestjs-jwt-permissions';
import { UsersService } from '../users/users.service';
import { InvalidCredentialsException } from './invalid-credentials.exception';
import { LoginRequestPipe } from './login-request.pipe';
import type { LoginRequest } from './login.dto';

/** What a cookie login answers: the token itself is in the HttpOnly cookie, never in the body. */
export interface CookieLoginResponse {
  /** The CSRF token, also in the readable `XSRF-TOKEN` cookie: send it as `X-CSRF-Token`. */
  readonly csrf_token: string | undefined;
  /** The access cookie's lifetime, in seconds. */
  readonly expires_in: number;
  /** The refresh cookie's lifetime, in seconds (it is sent to `POST /auth/refresh` only). */
  readonly refresh_expires_in: number;
}

/**
 * Logs a browser in with the tokens in cookies: Pyramid's `remember`, with a session whose refresh
 * token is an HttpOnly cookie scoped to `POST /auth/refresh`. Logging out is `AuthController`'s.
 * `@Res({ passthrough: true })` hands the service the Express or Fastify response and leaves the
 * rest of the answer to Nest.
 */
@Controller('auth')
export class CookieAuthController {
  constructor(
    private readonly users: UsersService,
    private readonly cookieAuth: CookieAuthService,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Checks the credentials (the body of `POST /auth/login`), opens a session and sets the access,
   * CSRF and refresh cookies;
   * 401 when they are wrong. JSON only: a cross-site HTML form cannot send it, so another site
   * cannot log the browser into an account of its choosing (login CSRF).
   */
  @Public()
  @Post('cookie-login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  async login(
    @Headers('content-type') contentType: string | undefined,
    @Body(LoginRequestPipe) credentials: LoginRequest,
    @Res({ passthrough: true }) response: object,
  ): Promise<CookieLoginResponse> {
    if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
      throw new UnsupportedMediaTypeException({
        statusCode: 415,
        error: 'Unsupported Media Type',
        code: 'json_required',
        message: 'Send the login as application/json',
      });
    }
    const user = await this.users.validateCredentials(credentials.username, credentials.password);
    if (!user) throw new InvalidCredentialsException();
    const session = await this.sessions.open(user.id, { claims: { name: user.name } });
    const { csrfToken, expiresIn, refreshExpiresIn } = this.cookieAuth.rememberSession(response, session);
    return { csrf_token: csrfToken, expires_in: expiresIn, refresh_expires_in: refreshExpiresIn };
  }
}
