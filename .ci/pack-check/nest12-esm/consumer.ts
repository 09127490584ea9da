// A TypeScript ESM consumer: the package's types must resolve under module "nodenext".
import { Controller, Get, Module } from '@nestjs/common';
import { JwtAuthModule, Permission, Public, type VerifiedClaims } from 'nestjs-jwt-permissions';
import {
  FixedGroupFinder,
  JwtAuthTesting,
  TestClock,
  type TestTokenOptions,
} from 'nestjs-jwt-permissions/testing';

@Controller('items')
class ItemsController {
  @Get('open')
  @Public()
  open(): string {
    return 'open';
  }

  @Get('admin')
  @Permission('admin')
  admin(): VerifiedClaims {
    return { sub: 'alice' };
  }
}

@Module({
  imports: [JwtAuthModule.forRoot({ secret: 'x'.repeat(64), algorithm: 'HS512', expiration: 600 })],
  controllers: [ItemsController],
})
export class AppModule {}

// The testing subpath's types resolve too.
export const clock: TestClock = new TestClock(0);
export const groups = new FixedGroupFinder({ alice: ['admin'] });
export const tokenOptions: TestTokenOptions = { groups: ['admin'], expiration: 60 };
export const from: typeof JwtAuthTesting.from = JwtAuthTesting.from;
