import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AuthenticatedUserId, JwtClaims, Public } from '../../lib/index';
import type { VerifiedClaims } from '../../lib/index';
import { SessionService } from '../../lib/index';

/** The scenario's routes: open, refresh and end sessions, and a protected and a public route. */
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: { user: string }) {
    return this.sessions.open(body.user);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: { refreshToken: unknown }) {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@JwtClaims() claims: VerifiedClaims) {
    await this.sessions.revokeSession(claims.sid);
  }

  @Get('protected')
  protected(@AuthenticatedUserId() userId: string) {
    return { userId };
  }

  @Public()
  @Get('public')
  open() {
    return { ok: true };
  }
}
