import { Injectable } from '@nestjs/common';
import { GroupFinder } from 'nestjs-jwt-permissions';
import { UsersService } from './users.service';

/** The application's own GroupFinder: groups come from its users. */
@Injectable()
export class AppGroupFinder extends GroupFinder {
  constructor(private readonly users: UsersService) {
    super();
  }

  findGroups(userId: string): string[] | undefined {
    return this.users.groupsOf(userId);
  }
}
