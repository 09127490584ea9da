import { Controller, Get, Post } from '@nestjs/common';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  Public,
} from 'nestjs-jwt-permissions';

/** Routes with each permission the spec exercises. */
@Controller()
export class NotesController {
  /** Needs a user (the default permission); reads the identity through the three decorators. */
  @Get('whoami')
  whoami(
    @AuthenticatedUserId() userId: string | null,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('name') name: unknown,
  ) {
    return { userId, principals, name };
  }

  /** Admins only. */
  @Permission('admin')
  @Post('notes')
  addNote(@JwtClaims('sub') userId: string): string {
    return `note added by ${userId}`;
  }

  /** Open to anyone; says who asked. */
  @Public()
  @Get('greeting')
  greeting(@AuthenticatedUserId() userId: string | null): string {
    return `hello ${userId ?? 'anonymous'}`;
  }
}
