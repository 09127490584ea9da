import { Injectable } from '@nestjs/common';
import type { GroupFinder } from 'nestjs-jwt-permissions';
import { UsersService } from './users.service';

/**
 * The sample's GroupFinder (Pyramid's `groupfinder`): the groups of the token's user, from
 * {@link UsersService}. An unknown or disabled user gets `null`, so their still-valid tokens are
 * refused with 401 on every route that needs a user.
 */
@Injectable()
export class UsersGroupFinder implements GroupFinder {
  constructor(private readonly users: UsersService) {}

  findGroups(userId: string): readonly string[] | null {
    const user = this.users.findById(userId);
    return user && !user.disabled ? user.groups : null;
  }
}
