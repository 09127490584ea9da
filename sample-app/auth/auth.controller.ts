import { Body, Controller, Header, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  Authenticated,
  AuthenticatedUserId,
  CookieAuthService,
  DpopService,
  type CallRequest,
  JwtClaims,
  Permission,
  Public,
  SessionService,
  type VerifiedClaims,
  type SessionTokens,
} from 'nestjs-jwt-permissions';
import { UsersService } from '../users/users.service';
import { InvalidCredentialsException } from './invalid-credentials.exception';
import { LoginRequestPipe } from './login-request.pipe';
import type { AccessTokenResponse, LoginRequest, RefreshRequest } from './login.dto';
import { invalidRefreshRequest, RefreshRequestPipe } from './refresh-request.pipe';

/** What a refresh from the cookie answers: the tokens themselves are in HttpOnly cookies. */
export interface CookieRefreshResponse {
  /** The CSRF token of the session (unchanged by a refresh). */
  readonly csrf_token: string | undefined;
  /** The new access token's lifetime, in seconds. */
  readonly expires_in: number;
  /** The new refresh token's lifetime, in seconds. */
  readonly refresh_expires_in: number;
}

function tokenResponse(tokens: SessionTokens): AccessTokenResponse {
  return {
    access_token: tokens.accessToken,
    token_type: tokens.tokenType,
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    refresh_expires_in: tokens.refreshExpiresIn,
  };
}

/**
 * Sessions over bearer tokens: log in (a Pyramid login view calling `request.create_jwt_token()`,
 * plus a refresh token), refresh, log out of this session or of every one.
 */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly cookieAuth: CookieAuthService,
    private readonly dpop: DpopService,
  ) {}

  /**
   * Checks the credentials and opens a session: an access token and a refresh token; 401 when they
   * are wrong. With a `DPoP` proof header (RFC 9449 §5), the session is bound to the proof's key:
   * `token_type: "DPoP"`, and 400 with a DPoP code when the proof is refused.
   */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  async login(
    @Body(LoginRequestPipe) credentials: LoginRequest,
    @Req() request: CallRequest,
    @Res({ passthrough: true }) response: object,
  ): Promise<AccessTokenResponse> {
    const proof = await this.dpop.verifyTokenRequestProof(request, response);
    const user = await this.users.validateCredentials(credentials.username, credentials.password);
    if (!user) throw new InvalidCredentialsException();
    return tokenResponse(
      await this.sessions.open(user.id, { claims: { name: user.name }, dpopJkt: proof?.jkt }),
    );
  }

  /**
   * Trades a refresh token (in the body, or the browser's refresh cookie with its CSRF header) for
   * a new pair. 401 with a `code` for a used (`refresh_token_reused`), revoked, unknown or expired
   * token; 400 for a body that is not `{ "refresh_token": "..." }`. A session opened with a DPoP
   * proof is refreshed only with a proof of the same key (else 401 `refresh_token_key_mismatch`,
   * and the session is revoked).
   */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  async refresh(
    @Body(RefreshRequestPipe) body: RefreshRequest,
    @Req() request: CallRequest,
    @Res({ passthrough: true }) response: object,
  ): Promise<AccessTokenResponse | CookieRefreshResponse> {
    if (body.refresh_token !== undefined) {
      const proof = await this.dpop.verifyTokenRequestProof(request, response);
      return tokenResponse(await this.sessions.refresh(body.refresh_token, { request, dpopJkt: proof?.jkt }));
    }
    if (typeof request.headers?.cookie !== 'string') throw invalidRefreshRequest();
    const { csrfToken, expiresIn, refreshExpiresIn } = await this.cookieAuth.refreshSession(
      request,
      response,
    );
    return { csrf_token: csrfToken, expires_in: expiresIn, refresh_expires_in: refreshExpiresIn };
  }

  /**
   * Ends the caller's session: its access and refresh tokens are refused from now on, and the
   * cookies are cleared. Open to anyone, so that a client whose token is already refused can
   * still clear its cookies.
   */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(
    @JwtClaims() claims: VerifiedClaims | undefined,
    @Res({ passthrough: true }) response: object,
  ): Promise<void> {
    if (claims !== undefined) await this.sessions.revokeSession(claims.sid);
    this.cookieAuth.forget(response);
  }

  /** Ends every session of the caller (logout everywhere): every token issued to them until now is refused. */
  @Permission(Authenticated)
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logoutAll(
    @AuthenticatedUserId() userId: string,
    @Res({ passthrough: true }) response: object,
  ): Promise<void> {
    await this.sessions.revokeUser(userId);
    this.cookieAuth.forget(response);
  }
}
