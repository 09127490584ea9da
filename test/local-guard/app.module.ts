import { Module } from '@nestjs/common';
import { Everyone, JwtAuthModule } from 'nestjs-jwt-permissions';
import { LocalGuardController } from './local-guard.controller';

const secret = 'local-guard-scenario-secret-of-64-bytes-for-hs512-0123456789abcd';

/** A feature module: the guard applied with @UseGuards resolves its dependencies from the global JwtAuthModule. */
@Module({ controllers: [LocalGuardController] })
export class FeatureModule {}

@Module({ imports: [JwtAuthModule.forRoot({ secret, globalGuard: false }), FeatureModule] })
export class LocalGuardAppModule {}

@Module({
  imports: [
    JwtAuthModule.forRoot({ secret, globalGuard: false, defaultPermission: Everyone }),
    FeatureModule,
  ],
})
export class OpenByDefaultAppModule {}
