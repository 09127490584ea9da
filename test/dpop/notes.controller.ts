import { Controller, Get, Post } from '@nestjs/common';
import { AuthenticatedUserId, JwtClaims } from 'nestjs-jwt-permissions';

@Controller('notes')
export class NotesController {
  /** Any authenticated caller: who it is, and the key its token is bound to. */
  @Get()
  list(@AuthenticatedUserId() userId: string, @JwtClaims('cnf') cnf: unknown) {
    return { userId, cnf: cnf ?? null };
  }

  @Post()
  create(@AuthenticatedUserId() userId: string) {
    return { created: true, by: userId };
  }
}
