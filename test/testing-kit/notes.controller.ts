import { Controller, Get } from '@nestjs/common';
import { AuthenticatedUserId, Permission, Public } from 'nestjs-jwt-permissions';

@Controller('notes')
export class NotesController {
  @Public()
  @Get('public')
  public(): string {
    return 'for everyone';
  }

  @Get('mine')
  mine(@AuthenticatedUserId() userId: string): string {
    return `notes of ${userId}`;
  }

  @Permission('admin')
  @Get('all')
  all(): string {
    return 'every note';
  }
}
