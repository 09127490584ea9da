import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import {
  ALL_PERMISSIONS,
  Allow,
  DENY_ALL,
  JwtAuthModule,
  type Acl,
  type GroupFinder,
} from 'nestjs-jwt-permissions';
import { ThingsController } from './things.controller';
import { ThingResource } from './thing.resource';
import { ThingsService } from './things.service';

export const SECRET = 'acl-guard-scenario-secret-'.repeat(3);

/** Everything to `admin`, nothing to anyone else unless a resource's ACL says so. */
export const ROOT_ACL: Acl = [[Allow, 'admin', ALL_PERMISSIONS], DENY_ALL];

// `admin` is a user id that is also a group's name, in no group.
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  alice: ['admin'],
  bob: [],
  tess: ['team'],
  admin: [],
};

@Injectable()
class ScenarioGroupFinder implements GroupFinder {
  findGroups(userId: string): readonly string[] | null {
    return GROUPS[userId] ?? null;
  }
}

@Module({ controllers: [ThingsController], providers: [ThingsService, ThingResource] })
class ThingsModule {}

/** The scenario app, with or without the root ACL. */
export function thingsApp(options: { acl?: Acl; debug?: boolean } = {}): DynamicModule {
  return {
    module: class AclGuardAppModule {},
    imports: [
      JwtAuthModule.forRoot({ secret: SECRET, groupFinder: ScenarioGroupFinder, ...options }),
      ThingsModule,
    ],
  };
}
