import { Injectable } from '@nestjs/common';

/** The application's users, as its database would hold them. */
@Injectable()
export class UsersService {
  private readonly groups = new Map<string, string[]>([
    ['alice', ['admin']],
    ['bob', []],
  ]);

  groupsOf(userId: string): string[] | undefined {
    return this.groups.get(userId);
  }
}
