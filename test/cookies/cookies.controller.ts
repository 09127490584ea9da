import {
  All,
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  InternalServerErrorException,
  Post,
  Res,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  Authenticated,
  AuthenticatedUserId,
  CookieAuthService,
  JwtClaims,
  NoReissue,
  Permission,
  Public,
  type VerifiedClaims,
  type ResourceLoader,
} from 'nestjs-jwt-permissions';

/** A note, loaded for the guard; counts its loads so a test can see a refused request load nothing. */
@Injectable()
export class NoteResource implements ResourceLoader<{ id: string }> {
  loads = 0;

  load(request: { params: { id: string } }) {
    this.loads += 1;
    return { id: request.params.id };
  }
}

interface LoginBody {
  user: string;
  claims?: Record<string, unknown>;
  expiration?: number;
  /** Anything else a client sends: must never reach the token. */
  [extra: string]: unknown;
}

@Controller('auth')
export class CookieLoginController {
  constructor(
    private readonly cookieAuth: CookieAuthService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginBody, @Res({ passthrough: true }) response: object) {
    // The rest of the body goes to remember() as is, extra fields included, as pyramid_jwt's
    // **kw did: only `claims` and `expiration` may shape the token.
    const { user, ...options } = body;
    const { csrfToken, expiresIn } = await this.cookieAuth.remember(response, user, options);
    return { csrfToken, expiresIn };
  }

  /** Sets a cookie of the application's own before logging in: both must reach the browser. */
  @Public()
  @Post('login-with-theme')
  @HttpCode(200)
  async loginWithTheme(@Body() body: LoginBody, @Res({ passthrough: true }) response: object) {
    this.adapterHost.httpAdapter.appendHeader(response, 'Set-Cookie', 'theme=dark; Path=/');
    await this.cookieAuth.remember(response, body.user);
    return {};
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  logout(@Res({ passthrough: true }) response: object): void {
    this.cookieAuth.forget(response);
  }
}

@Controller('me')
export class MeController {
  constructor(private readonly cookieAuth: CookieAuthService) {}

  @Get()
  whoAmI(@AuthenticatedUserId() userId: string, @JwtClaims() claims: VerifiedClaims) {
    return { userId, claims };
  }

  @Post('notes')
  @HttpCode(201)
  addNote(@AuthenticatedUserId() userId: string) {
    return { savedFor: userId };
  }

  @Get('shared-notes/:id')
  @Permission(Authenticated, { resource: NoteResource })
  sharedNote(@AuthenticatedUserId() userId: string) {
    return { readBy: userId };
  }

  /** Every other method on one route: PUT, PATCH, DELETE... */
  @All('notes/:id')
  editNote(@AuthenticatedUserId() userId: string) {
    return { editedBy: userId };
  }

  @Get('admin')
  @Permission('admin')
  adminOnly(@AuthenticatedUserId() userId: string) {
    return { userId };
  }

  /** Polled in the background: must not keep an idle session alive. */
  @Get('notifications')
  @NoReissue()
  notifications() {
    return { notifications: [] };
  }

  /** Decides per request not to slide the session. */
  @Get('without-reissue')
  withoutReissue(@Res({ passthrough: true }) response: object) {
    this.cookieAuth.cancelReissue(response);
    return {};
  }

  @Get('failing')
  failing(): never {
    throw new InternalServerErrorException('the handler failed');
  }
}

@Controller('public')
@Public()
export class PublicController {
  @Get()
  read(@AuthenticatedUserId() userId: string | null) {
    return { userId };
  }

  @Post()
  @HttpCode(200)
  write(@AuthenticatedUserId() userId: string | null) {
    return { userId };
  }
}
