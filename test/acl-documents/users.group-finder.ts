import { Injectable } from '@nestjs/common';
import type { GroupFinder } from 'nestjs-jwt-permissions';

// The sample app's users, plus dave of the group `editors`; carol is disabled.
const GROUPS: Readonly<Record<string, readonly string[] | null>> = {
  alice: ['admin', 'user'],
  bob: ['user'],
  dave: ['user', 'editors'],
  carol: null,
};

/** The scenario's users and their groups. */
@Injectable()
export class UsersGroupFinder implements GroupFinder {
  findGroups(userId: string): readonly string[] | null {
    return GROUPS[userId] ?? null;
  }
}
