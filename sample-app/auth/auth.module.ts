import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { CookieAuthController } from './cookie-auth.controller';
import { MeController } from './me.controller';

/** Logging in (with a bearer token or a cookie), logging out and looking at one's own identity. `JwtTokenService` comes from the global `JwtAuthModule`. */
@Module({
  imports: [UsersModule],
  controllers: [AuthController, CookieAuthController, MeController],
})
export class AuthModule {}
