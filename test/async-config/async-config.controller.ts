import { Controller, Get } from '@nestjs/common';
import { Permission } from 'nestjs-jwt-permissions';

@Controller()
export class AsyncConfigController {
  @Permission('admin')
  @Get('admin')
  admin() {
    return 'admin area';
  }
}
