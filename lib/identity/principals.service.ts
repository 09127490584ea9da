import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import { GroupFinder } from './group-finder.interface';
import type { JwtAuthClaims, RequestIdentity, AnonymousReason } from './identity.interface';
import { isPromiseLike, type MaybePromise } from '../utils/maybe-promise.util';

const ANONYMOUS_PRINCIPALS: readonly string[] = Object.freeze([Everyone]);
const GROUPS_TYPE_ERROR = 'GroupFinder.findGroups() must return an array of group names, null or undefined.';

/** An anonymous identity that remembers why, for the 401 answer and the debug log. */
export function anonymousIdentity(reason: AnonymousReason): RequestIdentity {
  return { userId: null, principals: ANONYMOUS_PRINCIPALS, claims: undefined, anonymousReason: reason };
}

/**
 * Turns verified claims into the request's principals: `sub` is the user id, and the application's
 * {@link GroupFinder} (if any) adds the user's groups, or refuses the user.
 */
@Injectable()
export class PrincipalsService implements OnModuleInit {
  private groupFinder: GroupFinder | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(GroupFinder) groupFinder?: GroupFinder | null,
  ) {
    this.groupFinder = groupFinder ?? undefined;
  }

  /** Finds a GroupFinder the application provided in one of its own modules, when none was configured. */
  onModuleInit(): void {
    if (this.groupFinder) return;
    try {
      // Every module's `GroupFinder`: JwtAuthModule's own holds null when none was configured.
      const found: Array<GroupFinder | null> = this.moduleRef.get(GroupFinder, { strict: false, each: true });
      this.groupFinder = found.find((finder) => finder) ?? undefined;
    } catch {
      this.groupFinder = undefined; // none: every valid token's user has no groups
    }
  }

  /**
   * The identity of a request whose token verified. A `sub` that is missing, not a string, or a
   * system principal makes it anonymous, as does a GroupFinder returning `null` or `undefined`.
   * Returned at once when the GroupFinder answers synchronously, else as a promise: `await` it.
   */
  resolve(claims: JwtAuthClaims, request: unknown): MaybePromise<RequestIdentity> {
    const userId = claims.sub;
    if (typeof userId !== 'string' || userId === '' || userId === Everyone || userId === Authenticated) {
      return anonymousIdentity('user_unknown');
    }
    const groups = this.groupFinder ? this.groupFinder.findGroups(userId, request) : [];
    return isPromiseLike(groups) ? identityLater(groups, userId, claims) : identityOf(groups, userId, claims);
  }
}

async function identityLater(groups: PromiseLike<unknown>, userId: string, claims: JwtAuthClaims): Promise<RequestIdentity> {
  return identityOf(await groups, userId, claims);
}

/** The identity of `userId` with the groups its GroupFinder found; anonymous when it found none (`null`). */
function identityOf(groups: unknown, userId: string, claims: JwtAuthClaims): RequestIdentity {
  if (groups === null || groups === undefined) {
    return anonymousIdentity('user_unknown');
  }
  if (!Array.isArray(groups)) throw new TypeError(GROUPS_TYPE_ERROR);
  // One pass that checks and copies, on the request path. The copy is this request's alone, so it
  // is typed read-only rather than frozen, which would cost every request.
  const principals: string[] = [Everyone, Authenticated, userId];
  for (let i = 0; i < groups.length; i++) {
    const group: unknown = groups[i];
    if (typeof group !== 'string') throw new TypeError(GROUPS_TYPE_ERROR);
    principals.push(group);
  }
  return { userId, principals, claims, anonymousReason: undefined };
}
