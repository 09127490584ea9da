import { Injectable } from '@nestjs/common';
import { GroupFinder } from 'nestjs-jwt-permissions';

/**
 * Groups of the scenario's users; `carol` is disabled, `boom` breaks the lookup and `odd` gets a
 * number. The user `admin` is only in `user`: a user id that is also a group's name.
 */
@Injectable()
export class UsersGroupFinder extends GroupFinder {
  static readonly groups: Record<string, string[] | null> = {
    alice: ['admin', 'user'],
    bob: ['user'],
    carol: null,
    admin: ['user'],
  };
  calls = 0;

  findGroups(userId: string): string[] | null | undefined {
    this.calls++;
    if (userId === 'boom') throw new Error('user store unavailable');
    if (userId === 'odd') return 42 as never;
    return UsersGroupFinder.groups[userId];
  }
}
