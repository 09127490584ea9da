import { Inject, Injectable, Logger } from '@nestjs/common';
import { Allow } from './acl.constants';
import {
  AclAllowed,
  AclDenied,
  DEFAULT_DENY,
  describeContext,
  PRINCIPAL_RULE,
  type AclDecision,
} from './acl-decision.model';
import { aclPermits, principalsAllowedByPermission, RootResource } from './acl.helper';
import { permitsByPrincipal } from './permission.util';
import { NO_SCOPE_PERMISSIONS } from './scope-permissions.options';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';

/**
 * Decides permissions the Pyramid way, for the guard and for handlers (to filter a list, or hide an
 * action the user may not take). It sees principals, a permission and a resource, never a token.
 *
 * The rule used, in order:
 * - `Everyone` and `Authenticated` are granted to the principal of that name: `@Public()` stays
 *   open and the default `Authenticated` stays "any logged-in user", whatever the ACLs say;
 * - with a resource or the `acl` option, the ACLs decide (Pyramid's `ACLHelper`), walking from the
 *   resource up its `__parent__`s to the root ACL;
 * - otherwise a permission is granted to the principal of the same name (`'admin'` to the group
 *   `admin`), as if the root ACL were `[[Allow, permission, permission]]`.
 *
 * `scopePermissions` adds its ACEs `[Allow, 'scope:<name>', permissions]` to the top of the root
 * ACL (a root of their own without the `acl` option): a resource's ACL is walked first and may deny.
 */
@Injectable()
export class AclService {
  private readonly logger = new Logger('JwtAuth');
  // The root ACL walked: `scopePermissions`' ACEs, then the `acl` option's.
  private readonly root: RootResource | undefined;
  // Whether the `acl` option is set, which turns the principal-name rule off.
  private readonly hasRootAcl: boolean;
  private readonly scopePrincipals: ReadonlyMap<string, readonly string[]>;
  private readonly debug: boolean;

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(@Inject(JWT_AUTH_RESOLVED_OPTIONS) options: ResolvedJwtAuthOptions) {
    const scopes = options.scopePermissions ?? NO_SCOPE_PERMISSIONS;
    this.hasRootAcl = options.acl !== undefined;
    this.root =
      options.acl !== undefined || scopes.aces.length > 0
        ? new RootResource([...scopes.aces, ...(options.acl ?? [])])
        : undefined;
    this.scopePrincipals = scopes.principalsByPermission;
    this.debug = options.debug;
  }

  /**
   * Whether `principals` hold `permission` on `resource` (the root when omitted), and why: test
   * `.allowed` (the decision is an object, so always truthy); `.message` names the deciding ACE,
   * its ACL and the resource, as Pyramid's `ACLAllowed` / `ACLDenied` do.
   *
   * @example
   * const visible = documents.filter((doc) => this.acl.permits(principals, 'view', doc).allowed);
   */
  permits(principals: readonly string[], permission: string, resource?: unknown): AclDecision {
    const decision = this.usesAcl(permission, resource)
      ? aclPermits(resource ?? this.root, principals, permission, this.root)
      : this.decideByPrincipal(principals, permission, resource);
    if (this.debug) this.log(decision, resource);
    return decision;
  }

  /**
   * The principals that hold `permission` on `resource` (the root when `undefined` or `null`),
   * walking the ACLs from the root down as Pyramid's `principals_allowed_by_permission` does.
   * Without an ACL, the one principal named like the permission.
   */
  principalsAllowedByPermission(resource: unknown, permission: string): Set<string> {
    if (!this.usesAcl(permission, resource))
      return new Set([permission, ...(this.scopePrincipals.get(permission) ?? [])]);
    return principalsAllowedByPermission(resource ?? this.root, permission, this.root);
  }

  // Pyramid's message names the resource whose ACL decided; the one asked about matters as much.
  private log(decision: AclDecision, resource: unknown): void {
    const asked = resource !== undefined && resource !== null && resource !== decision.context;
    this.logger.log(asked ? `${decision.message}, checking ${describeContext(resource)}` : decision.message);
  }

  private usesAcl(permission: string, resource: unknown): boolean {
    if (permission === Everyone || permission === Authenticated) return false;
    return (resource !== undefined && resource !== null) || this.hasRootAcl;
  }

  // The principal-name rule, then the scopes' ACEs when the permission is one they grant.
  private decideByPrincipal(
    principals: readonly string[],
    permission: string,
    resource: unknown,
  ): AclDecision {
    if (permitsByPrincipal(principals, permission)) {
      return new AclAllowed(
        [Allow, permission, permission],
        PRINCIPAL_RULE,
        permission,
        principals,
        resource,
      );
    }
    if (this.scopePrincipals.has(permission)) return aclPermits(this.root, principals, permission, this.root);
    return new AclDenied(DEFAULT_DENY, PRINCIPAL_RULE, permission, principals, resource);
  }
}
