import { Injectable, Module } from '@nestjs/common';
import { GroupFinder, type JwtAuthOptions, type JwtAuthOptionsFactory } from 'nestjs-jwt-permissions';

/** Stands in for an app's ConfigService: where the options come from at start-up. */
@Injectable()
export class SettingsService {
  readonly jwtSecret = 'async-config-scenario-secret-of-64-bytes-for-hs512-0123456789abc';
  readonly roles: Record<string, string[]> = { alice: ['admin'] };
}

/** Builds the options for `useClass` / `useExisting`. */
@Injectable()
export class JwtSettingsFactory implements JwtAuthOptionsFactory {
  constructor(private readonly settings: SettingsService) {}
  createJwtAuthOptions(): JwtAuthOptions {
    return { secret: this.settings.jwtSecret, httpHeader: 'X-Token' };
  }
}

/** A GroupFinder with a dependency of its own, resolved from the `imports` given to forRootAsync. */
@Injectable()
export class SettingsGroupFinder extends GroupFinder {
  constructor(private readonly settings: SettingsService) {
    super();
  }
  findGroups(userId: string): string[] {
    return this.settings.roles[userId] ?? [];
  }
}

@Module({ providers: [SettingsService, JwtSettingsFactory], exports: [SettingsService, JwtSettingsFactory] })
export class SettingsModule {}
