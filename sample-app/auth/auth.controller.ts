import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { JwtTokenService, Public } from 'nestjs-jwt-permissions';
import { UsersService } from '../users/users.service';
import { InvalidCredentialsException } from './invalid-credentials.exception';
import { LoginRequestPipe } from './login-request.pipe';
import type { AccessTokenResponse, LoginRequest } from './login.dto';

/** Issues tokens: the NestJS counterpart of a Pyramid login view calling `request.create_jwt_token()`. */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: JwtTokenService,
  ) {}

  /** Checks the credentials and answers a Bearer token; 401 when they are wrong. */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  async login(@Body(LoginRequestPipe) credentials: LoginRequest): Promise<AccessTokenResponse> {
    const user = await this.users.validateCredentials(credentials.username, credentials.password);
    if (!user) throw new InvalidCredentialsException();
    // The lifetime comes with the token, so the answer never disagrees with the token's `exp`.
    const { accessToken, tokenType, expiresIn } = await this.tokens.issueToken(user.id, { claims: { name: user.name } });
    return { access_token: accessToken, token_type: tokenType, expires_in: expiresIn };
  }
}
