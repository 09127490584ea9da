import { Injectable } from '@nestjs/common';
import { ALL_PERMISSIONS, Allow, Everyone, userPrincipal, type AclResource } from 'nestjs-jwt-permissions';
import { Thing } from './thing.entity';

const TEAM_FOLDER: AclResource = { __acl__: [[Allow, 'team', ALL_PERMISSIONS]] };

/** The things, and how many times the loader ran. */
@Injectable()
export class ThingsService {
  loads = 0;
  readonly things = new Map<string, Thing>([
    ['open', new Thing('open', [[Allow, Everyone, 'read']])],
    ['team', new Thing('team', [], TEAM_FOLDER)],
    ['reviewed', new Thing('reviewed', [[Allow, userPrincipal('bob'), 'review']])],
  ]);
}
