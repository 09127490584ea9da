import type { AllPermissionsList, Allow, Deny } from './acl.constants';

/** What an ACE does when it matches: {@link Allow} grants, {@link Deny} refuses. */
export type AceAction = typeof Allow | typeof Deny;

/**
 * The permissions an ACE is about: one permission (a whole name, never a substring), a list of
 * them, or `ALL_PERMISSIONS`.
 */
export type AcePermissions = string | readonly string[] | AllPermissionsList;

/**
 * An access control entry, `[Allow | Deny, principal, permissions]`: it matches a request when the
 * principal is one of the request's and the permission asked is among its permissions.
 */
export type Ace = readonly [action: AceAction, principal: string, permissions: AcePermissions];

/**
 * An access control list: ACEs in order. The first ACE that matches decides, so put a `Deny`
 * before the `Allow` it is an exception to.
 */
export type Acl = readonly Ace[];

/**
 * A resource that permissions can be checked against (Pyramid's resource with `__acl__` and
 * `__parent__`; the dunder names keep them apart from the resource's own fields, such as a comment's
 * `parent`). Both are optional: a resource without an ACL defers to its parent, then to the root
 * ACL (the `acl` option).
 *
 * @example
 * class Document implements AclResource {
 *   constructor(readonly id: string, readonly ownerId: string, readonly __parent__?: Folder) {}
 *   __acl__(): Acl {
 *     return [[Allow, this.ownerId, ['view', 'edit']], [Allow, 'editors', 'edit']];
 *   }
 * }
 */
export interface AclResource {
  /**
   * The resource's ACL: a list, or a function returning it (called with the resource as `this`
   * and as its argument, like Pyramid's callable `__acl__`). `undefined` or `null`: no ACL here.
   */
  readonly __acl__?: Acl | ((resource: never) => Acl) | null;
  /** The resource this one inherits ACLs from. `undefined` or `null`: the root is next. */
  readonly __parent__?: AclResource | null;
}
