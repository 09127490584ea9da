import { Module } from '@nestjs/common';
import { AppConfigModule } from '../config/app-config.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { MeController } from './me.controller';

/** Logging in and looking at one's own identity. `JwtTokenService` comes from the global `JwtAuthModule`. */
@Module({
  imports: [AppConfigModule, UsersModule],
  controllers: [AuthController, MeController],
})
export class AuthModule {}
