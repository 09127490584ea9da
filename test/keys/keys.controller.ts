import { Controller, Get } from '@nestjs/common';
import { AuthenticatedUserId } from 'nestjs-jwt-permissions';

@Controller()
export class KeysController {
  // No @Permission(): Authenticated by default.
  @Get('whoami')
  whoami(@AuthenticatedUserId() userId: string) {
    return { userId };
  }
}
