// A TypeScript ESM consumer: the package's types must resolve under module "nodenext".
import { Controller, Get, Module } from '@nestjs/common';
import { JwtAuthModule, Permission, Public, type JwtAuthClaims } from 'nestjs-jwt-permissions';

@Controller('items')
class ItemsController {
  @Get('open')
  @Public()
  open(): string {
    return 'open';
  }

  @Get('admin')
  @Permission('admin')
  admin(): JwtAuthClaims {
    return { sub: 'alice' };
  }
}

@Module({
  imports: [JwtAuthModule.forRoot({ secret: 'x'.repeat(64), algorithm: 'HS512', expiration: 600 })],
  controllers: [ItemsController],
})
export class AppModule {}
