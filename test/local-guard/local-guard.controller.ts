import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthenticatedUserId, JwtAuthGuard, Permission } from 'nestjs-jwt-permissions';

@Controller()
export class LocalGuardController {
  @Get('unguarded')
  unguarded() {
    return 'no guard here';
  }

  @UseGuards(JwtAuthGuard)
  @Get('guarded')
  guarded(@AuthenticatedUserId() userId: string | null) {
    return { userId };
  }

  @UseGuards(JwtAuthGuard)
  @Permission('admin')
  @Get('guarded-admin')
  guardedAdmin() {
    return 'admin area';
  }
}
