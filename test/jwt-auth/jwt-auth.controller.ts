import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  Authenticated,
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtAuthGuard,
  JwtClaims,
  Permission,
  Public,
  type VerifiedClaims,
} from 'nestjs-jwt-permissions';

@Controller()
export class JwtAuthController {
  @Public()
  @Get('public')
  open(@AuthenticatedUserId() userId: string | null, @EffectivePrincipals() principals: string[]) {
    return { userId, principals };
  }

  @Permission(Authenticated)
  @Get('protected')
  protectedRoute() {
    return 'Protected content';
  }

  // The seed's literal spelling.
  @Permission('Authenticated')
  @Get('seed')
  seed() {
    return 'Protected content';
  }

  @Permission('admin')
  @Get('admin')
  admin() {
    return 'admin area';
  }

  @Get('default')
  noDecorator() {
    return 'default permission';
  }

  @Get('me')
  me(
    @AuthenticatedUserId() userId: string,
    @EffectivePrincipals() principals: string[],
    @JwtClaims() claims: VerifiedClaims,
    @JwtClaims('email') email: string | undefined,
  ) {
    return { userId, principals, claims, email };
  }

  @UseGuards(JwtAuthGuard)
  @Get('guarded-twice')
  guardedTwice(@AuthenticatedUserId() userId: string) {
    return { userId };
  }
}

/** A whole controller that needs `user`, with one method that needs `admin`. */
@Permission('user')
@Controller('members')
export class MembersController {
  @Get()
  list() {
    return 'members';
  }

  @Permission('admin')
  @Get('manage')
  manage() {
    return 'manage';
  }
}
