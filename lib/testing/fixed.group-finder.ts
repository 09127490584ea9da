import { GroupFinder } from '../identity/group-finder.interface';

/**
 * A GroupFinder that answers from a fixed map of user ids to groups, for tests. A user missing from
 * the map, or mapped to `null`, is refused, as a real GroupFinder refuses an unknown user.
 *
 * ```ts
 * Test.createTestingModule({ imports: [AppModule] })
 *   .overrideProvider(GroupFinder).useValue(new FixedGroupFinder({ alice: ['admin'], bob: [] }))
 * ```
 */
export class FixedGroupFinder extends GroupFinder {
  private readonly groups = new Map<string, readonly string[] | null>();

  /** @param groups each user id's groups; `null` refuses that user. */
  constructor(groups: Readonly<Record<string, readonly string[] | null>> = {}) {
    super();
    for (const [userId, userGroups] of Object.entries(groups)) this.set(userId, userGroups);
  }

  /** Gives `userId` these groups (`[]`: a user with none), or refuses it with `null`. */
  set(userId: string, groups: readonly string[] | null): void {
    if (groups !== null && (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string'))) {
      throw new TypeError(`FixedGroupFinder: the groups of "${userId}" must be an array of names, or null.`);
    }
    this.groups.set(userId, groups === null ? null : Object.freeze([...groups]));
  }

  findGroups(userId: string): readonly string[] | null {
    return this.groups.get(userId) ?? null;
  }
}
