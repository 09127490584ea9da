import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-auth';
import { AppController } from './app.controller';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG } from './config/app-config.constants';
import type { AppConfig } from './config/app-config.interface';
import { AppConfigModule } from './config/app-config.module';
import { UsersGroupFinder } from './users/users.group-finder';
import { UsersModule } from './users/users.module';

/**
 * The sample application: the seed blog post's views, a login endpoint, and `JwtAuthModule`
 * configured from the environment with a GroupFinder backed by `UsersService`.
 */
@Module({
  imports: [
    // Options built at start-up from the environment; `imports` lets the factory's APP_CONFIG and
    // the GroupFinder's UsersService resolve inside JwtAuthModule.
    JwtAuthModule.forRootAsync({
      imports: [AppConfigModule, UsersModule],
      inject: [APP_CONFIG],
      useFactory: ({ jwt }: AppConfig) => ({
        secret: jwt.secret,
        algorithm: jwt.algorithm,
        expiration: jwt.expiration,
      }),
      groupFinder: UsersGroupFinder,
    }),
    AuthModule,
  ],
  controllers: [AppController],
})
export class AppModule {}
