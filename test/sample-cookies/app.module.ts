import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-auth';
import { AppController } from '../../sample-app/app.controller';
import { CookieAuthController } from '../../sample-app/auth/cookie-auth.controller';
import { MeController } from '../../sample-app/auth/me.controller';
import { APP_CONFIG } from '../../sample-app/config/app-config.constants';
import type { AppConfig } from '../../sample-app/config/app-config.interface';
import { AppConfigModule } from '../../sample-app/config/app-config.module';
import { UsersGroupFinder } from '../../sample-app/users/users.group-finder';
import { UsersModule } from '../../sample-app/users/users.module';

/**
 * The sample app's wiring with cookie mode on, as its AppModule has it once the cookie routes are
 * merged: the same forRootAsync factory plus the `cookie` option, and the cookie controller.
 */
@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      imports: [AppConfigModule, UsersModule],
      inject: [APP_CONFIG],
      useFactory: ({ jwt }: AppConfig) => ({
        secret: jwt.secret,
        algorithm: jwt.algorithm,
        expiration: jwt.expiration,
        cookie: { reissueTime: jwt.expiration / 2 },
      }),
      groupFinder: UsersGroupFinder,
    }),
    AppConfigModule,
    UsersModule,
  ],
  controllers: [AppController, CookieAuthController, MeController],
})
export class SampleCookiesAppModule {}
