import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { IssuerRegistry } from '../issuers/issuer.registry';
import type { ResolvedIssuer } from '../issuers/issuer.options';
import { GroupFinder } from './group-finder.interface';
import type { JwtAuthClaims, RequestIdentity, AnonymousReason } from './identity.interface';
import { isPromiseLike, type MaybePromise } from '../utils/maybe-promise.util';

const ANONYMOUS_PRINCIPALS: readonly string[] = Object.freeze([Everyone]);
const NO_PRINCIPALS: readonly string[] = Object.freeze([]);
const GROUPS_TYPE_ERROR = 'GroupFinder.findGroups() must return an array of group names, null or undefined.';

/** An anonymous identity that remembers why, for the 401 answer and the debug log. */
export function anonymousIdentity(reason: AnonymousReason): RequestIdentity {
  return { userId: null, principals: ANONYMOUS_PRINCIPALS, claims: undefined, anonymousReason: reason };
}

/**
 * Turns verified claims into the request's principals: `sub` is the user id, the application's
 * {@link GroupFinder} (if any) adds the user's groups, or refuses the user, and the claim mappings
 * of the token's issuer (`issuers[].claims`) add the principals they map.
 */
@Injectable()
export class PrincipalsService implements OnModuleInit {
  private groupFinder: GroupFinder | undefined;
  // Only with `issuers`: the claim mappings of each issuer that has some, by `iss`.
  private readonly claimMappings: IssuerRegistry<ResolvedIssuer> | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(GroupFinder) groupFinder?: GroupFinder | null,
    @Optional() @Inject(JWT_AUTH_RESOLVED_OPTIONS) options?: ResolvedJwtAuthOptions,
  ) {
    this.groupFinder = groupFinder ?? undefined;
    const mapping = options?.issuers.filter((entry) => entry.claimMappings > 0) ?? [];
    this.claimMappings = mapping.length > 0 ? new IssuerRegistry(mapping) : undefined;
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
    // Verified claims: the entry of their `iss` is the one whose keys verified them.
    const mapped = this.claimMappings?.find(claims.iss)?.mapClaims(claims) ?? NO_PRINCIPALS;
    const groups = this.groupFinder ? this.groupFinder.findGroups(userId, request) : [];
    return isPromiseLike(groups) ? identityLater(groups, userId, claims, mapped) : identityOf(groups, userId, claims, mapped);
  }
}

async function identityLater(groups: PromiseLike<unknown>, userId: string, claims: JwtAuthClaims, mapped: readonly string[]): Promise<RequestIdentity> {
  return identityOf(await groups, userId, claims, mapped);
}

/**
 * The identity of `userId` with the groups its GroupFinder found, then the principals its token's
 * claims map to; anonymous when the GroupFinder found no such user (`null`).
 */
function identityOf(groups: unknown, userId: string, claims: JwtAuthClaims, mapped: readonly string[]): RequestIdentity {
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
  for (let i = 0; i < mapped.length; i++) principals.push(mapped[i]);
  return { userId, principals, claims, anonymousReason: undefined };
}
