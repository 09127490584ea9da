import { Body, Controller, Header, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { JwtTokenService, Public } from 'nestjs-jwt-permissions';
import { APP_CONFIG } from '../config/app-config.constants';
import type { AppConfig } from '../config/app-config.interface';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks the credentials and answers a Bearer token; 401 when they are wrong. */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  async login(@Body(LoginRequestPipe) credentials: LoginRequest): Promise<AccessTokenResponse> {
    const user = await this.users.validateCredentials(credentials.username, credentials.password);
    if (!user) throw new InvalidCredentialsException();
    const accessToken = await this.tokens.createToken(user.id, { claims: { name: user.name } });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.jwt.expiration };
  }
}
