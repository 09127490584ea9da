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
import { CookieAuthService, Public } from 'nestjs-jwt-permissions';
import { UsersService } from '../users/users.service';
import { InvalidCredentialsException } from './invalid-credentials.exception';
import { LoginRequestPipe } from './login-request.pipe';
import type { LoginRequest } from './login.dto';

/** What a cookie login answers: the token itself is in the HttpOnly cookie, never in the body. */
export interface CookieLoginResponse {
  /** The CSRF token, also in the readable `XSRF-TOKEN` cookie: send it as `X-CSRF-Token`. */
  readonly csrf_token: string | undefined;
  /** The cookie's lifetime, in seconds. */
  readonly expires_in: number;
}

/**
 * Logs a browser in and out with the token in a cookie: Pyramid's `remember` and `forget`.
 * `@Res({ passthrough: true })` hands the service the Express or Fastify response and leaves the
 * rest of the answer to Nest.
 */
@Controller('auth')
export class CookieAuthController {
  constructor(
    private readonly users: UsersService,
    private readonly cookieAuth: CookieAuthService,
  ) {}

  /**
   * Checks the credentials (the body of `POST /auth/login`) and sets the auth and CSRF cookies;
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
    const { csrfToken, expiresIn } = await this.cookieAuth.remember(response, user.id, { claims: { name: user.name } });
    return { csrf_token: csrfToken, expires_in: expiresIn };
  }

  /** Clears the cookies. Open to anyone: logging out needs no proof of who you are. */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  logout(@Res({ passthrough: true }) response: object): void {
    this.cookieAuth.forget(response);
  }
}
