import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Public } from 'nestjs-jwt-permissions';

/** One route still behind passport, one moved to JwtAuthModule: the handlers are the same. */
@Controller()
export class ProfileController {
  // Not migrated yet: @Public() lets it past the global JwtAuthGuard, passport's guard checks it.
  @Public()
  @UseGuards(AuthGuard('jwt'))
  @Get('legacy/profile')
  legacyProfile(@Req() request: { user: unknown }): unknown {
    return request.user;
  }

  // Migrated: the @UseGuards() line is gone; the global guard sets request.user.
  @Get('profile')
  profile(@Req() request: { user: unknown }): unknown {
    return request.user;
  }

  @Public()
  @Get('open')
  open(@Req() request: { user?: unknown }): { hasUser: boolean } {
    return { hasUser: request.user !== undefined };
  }
}
