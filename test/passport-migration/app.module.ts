import type { DynamicModule } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthModule, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import { JwtStrategy } from './jwt.strategy';
import { ProfileController } from './profile.controller';
import { SECRET } from './secret';

/** An app half-way from passport to JwtAuthModule, with `requestUser` as given. */
export function migratingApp(requestUser: JwtAuthOptions['requestUser']): DynamicModule {
  return {
    module: class PassportMigrationAppModule {},
    imports: [PassportModule, JwtAuthModule.forRoot({ secret: SECRET, requestUser })],
    controllers: [ProfileController],
    providers: [JwtStrategy],
  };
}
