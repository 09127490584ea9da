import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { IssuerRegistry } from '../issuers/issuer.registry';
import type { ResolvedIssuer } from '../issuers/issuer.options';
import { GroupFinder } from './group-finder.interface';
import type { AnonymousReason } from '../refusal/refusal-code.interface';
import type { VerifiedClaims, RequestIdentity } from './identity.interface';
import { isUserPrincipal, userPrincipal } from './user-principal.util';
import { isPromiseLike, type MaybePromise } from '../utils/maybe-promise.util';
import { scopePrincipal, tokenScopes } from '../authorization/scope.util';

const ANONYMOUS_PRINCIPALS: readonly string[] = Object.freeze([Everyone]);
const NO_GROUPS: readonly string[] = Object.freeze([]);
const NO_PRINCIPALS: readonly string[] = NO_GROUPS;
const TIMED_OUT = Symbol('timed out');
const GROUPS_CONTRACT = 'it must return an array of group names, null or undefined';

/** An anonymous identity that remembers why, for the 401 answer and the debug log. */
export function anonymousIdentity(reason: AnonymousReason): RequestIdentity {
  return { userId: null, principals: ANONYMOUS_PRINCIPALS, claims: undefined, anonymousReason: reason };
}

/**
 * Turns verified claims into the request's principals: `sub` is the user id, given as
 * `userPrincipal(sub)` (`user:<sub>`), the application's {@link GroupFinder} (if any) adds the
 * user's groups, or refuses the user, and the claim mappings of the token's issuer
 * (`issuers[].claims`) add the principals they map, each under its prefix (never `user:`). With
 * `scopePermissions`, each scope of the token it names adds `scope:<name>`.
 *
 * A GroupFinder that fails (throws, rejects, answers something other than group names, or does not
 * answer within `groupFinderTimeout`) makes the request anonymous with a reason of its own, logged
 * as an error: a public route still answers, any other refuses with 500 or 503.
 */
@Injectable()
export class PrincipalsService implements OnModuleInit {
  private readonly logger = new Logger('JwtAuth');
  private readonly timeout: number;
  private groupFinder: GroupFinder | undefined;
  // Only with `issuers`: the entries that map claims to principals, by `iss`.
  private readonly claimMappings: IssuerRegistry<ResolvedIssuer> | undefined;
  // Only with `scopePermissions`: the scopes it names, which a token's scopes become principals for.
  private readonly grantingScopes: ReadonlySet<string> | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS)
    options: Pick<ResolvedJwtAuthOptions, 'groupFinderTimeout'> &
      Partial<Pick<ResolvedJwtAuthOptions, 'issuers' | 'scopePermissions'>>,
    @Optional() @Inject(GroupFinder) groupFinder?: GroupFinder | null,
  ) {
    this.timeout = options.groupFinderTimeout;
    const scopes = options.scopePermissions?.scopes ?? [];
    this.grantingScopes = scopes.length > 0 ? new Set(scopes) : undefined;
    this.groupFinder = groupFinder ?? undefined;
    const mapping = options.issuers?.filter((entry) => entry.claimMappings > 0) ?? [];
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
   * Never throws nor rejects for the GroupFinder's faults: they make the identity anonymous.
   */
  resolve(claims: VerifiedClaims, request: unknown): MaybePromise<RequestIdentity> {
    const userId = claims.sub;
    if (typeof userId !== 'string' || userId === '' || userId === Everyone || userId === Authenticated) {
      return anonymousIdentity('user_unknown');
    }
    // Verified claims: the entry of their `iss` is the one whose keys verified them.
    const mapped = this.claimMappings?.find(claims.iss)?.mapClaims(claims) ?? NO_PRINCIPALS;
    const finder = this.groupFinder;
    if (finder === undefined) return this.identityOf(NO_GROUPS, userId, claims, mapped);
    let groups: unknown;
    try {
      groups = finder.findGroups(userId, request, claims);
    } catch (error) {
      return this.lookupFailed(userId, error);
    }
    return isPromiseLike(groups)
      ? this.identityLater(groups, userId, claims, mapped)
      : this.identityOf(groups, userId, claims, mapped);
  }

  /** {@link identityOf} once a GroupFinder's promise settles, or its timeout passes first. */
  private async identityLater(
    pending: PromiseLike<unknown>,
    userId: string,
    claims: VerifiedClaims,
    mapped: readonly string[],
  ): Promise<RequestIdentity> {
    let groups: unknown;
    try {
      groups = await (this.timeout > 0 ? settleWithin(pending, this.timeout) : pending);
    } catch (error) {
      return this.lookupFailed(userId, error);
    }
    if (groups !== TIMED_OUT) return this.identityOf(groups, userId, claims, mapped);
    this.logger.error(
      `GroupFinder.findGroups(${JSON.stringify(userId)}) did not answer within ${this.timeout} ms (groupFinderTimeout): ` +
        'the caller is anonymous; routes that need a user answer 503 group_finder_timeout.',
    );
    return anonymousIdentity('group_finder_timeout');
  }

  /**
   * The identity of `userId` with the groups its GroupFinder found, then the principals its token's
   * claims map to; anonymous when the GroupFinder found no such user (`null`).
   */
  private identityOf(
    groups: unknown,
    userId: string,
    claims: VerifiedClaims,
    mapped: readonly string[],
  ): RequestIdentity {
    if (groups === null || groups === undefined) return anonymousIdentity('user_unknown');
    if (!Array.isArray(groups)) return this.faulty(userId, `${describeType(groups)}; ${GROUPS_CONTRACT}`);
    // One pass that checks and copies, on the request path. The copy is this request's alone, so it
    // is typed read-only rather than frozen, which would cost every request.
    const principals: string[] = [Everyone, Authenticated, userPrincipal(userId)];
    for (let i = 0; i < groups.length; i++) {
      const group: unknown = groups[i];
      if (typeof group !== 'string') {
        return this.faulty(userId, `an array whose item ${i} is ${describeType(group)}; ${GROUPS_CONTRACT}`);
      }
      if (isUserPrincipal(group)) {
        return this.faulty(
          userId,
          `the group ${JSON.stringify(group)}, a user's principal: a group name may not start with "user:"`,
        );
      }
      principals.push(group);
    }
    for (let i = 0; i < mapped.length; i++) principals.push(mapped[i]);
    if (this.grantingScopes !== undefined) this.addScopePrincipals(principals, claims, this.grantingScopes);
    return { userId, principals, claims, anonymousReason: undefined };
  }

  /**
   * `scope:<name>` for each scope of the token that `scopePermissions` names, unless a claim
   * mapping (`scopeClaims()`) already gave it.
   */
  private addScopePrincipals(principals: string[], claims: VerifiedClaims, named: ReadonlySet<string>): void {
    for (const scope of tokenScopes(claims)) {
      if (!named.has(scope)) continue;
      const principal = scopePrincipal(scope);
      if (!principals.includes(principal)) principals.push(principal);
    }
  }

  private faulty(userId: string, returned: string): RequestIdentity {
    this.logger.error(
      `GroupFinder.findGroups(${JSON.stringify(userId)}) returned ${returned}. ` +
        'The caller is anonymous; routes that need a user answer 500 group_finder_faulty.',
    );
    return anonymousIdentity('group_finder_faulty');
  }

  private lookupFailed(userId: string, error: unknown): RequestIdentity {
    const thrown = error instanceof Error ? `: ${error.name}` : `, throwing ${describeType(error)}`;
    const message =
      `GroupFinder.findGroups(${JSON.stringify(userId)}) failed${thrown}. ` +
      'The caller is anonymous; routes that need a user answer 500 group_finder_failed.';
    if (error instanceof Error && error.stack !== undefined) this.logger.error(message, error.stack);
    else this.logger.error(message);
    return anonymousIdentity('group_finder_failed');
  }
}

/**
 * What `pending` settles to, or {@link TIMED_OUT} when `ms` pass first. The timer is cleared as
 * soon as it settles, and does not keep the process alive.
 */
function settleWithin<T>(pending: PromiseLike<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms, TIMED_OUT);
    timer.unref();
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the GroupFinder's own rejection on
        reject(error);
      },
    );
  });
}

/** The type of a value, for a log line: never the value itself, which may hold anything. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'object':
      return `an object (${(Object.getPrototypeOf(value) as object | null)?.constructor?.name ?? 'no prototype'})`;
    default:
      return `a ${typeof value}`;
  }
}
