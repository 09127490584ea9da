import { Everyone } from '../jwt-auth.constants';

/** The action of an ACE that grants its permissions (Pyramid's `pyramid.authorization.Allow`). */
export const Allow = 'Allow';

/** The action of an ACE that refuses its permissions (Pyramid's `pyramid.authorization.Deny`). */
export const Deny = 'Deny';

/**
 * The type of {@link ALL_PERMISSIONS}: a permission collection that contains every permission.
 * Not exported from the package; use the `ALL_PERMISSIONS` value.
 */
export class AllPermissionsList {
  /** Always `true`: every permission is in the list (Pyramid's `__contains__`). */
  includes(_permission: string): true {
    return true;
  }

  /** Iterates as an empty list, as Pyramid's does: the permissions are not enumerable. */
  *[Symbol.iterator](): Iterator<string> {}

  /** `'ALL_PERMISSIONS'`, for logs and decision messages. */
  toString(): string {
    return 'ALL_PERMISSIONS';
  }

  /** `'ALL_PERMISSIONS'`, so an ACL serialises readably. */
  toJSON(): string {
    return 'ALL_PERMISSIONS';
  }
}

/**
 * Every permission, as the third element of an ACE: `[Allow, 'admin', ALL_PERMISSIONS]` grants the
 * group `admin` anything (Pyramid's `pyramid.authorization.ALL_PERMISSIONS`).
 */
export const ALL_PERMISSIONS: AllPermissionsList = Object.freeze(new AllPermissionsList());

/**
 * An ACE refusing everything to everyone: `[Deny, Everyone, ALL_PERMISSIONS]`. Put last in a
 * resource's ACL, it stops the walk to the parents, so nothing is inherited (Pyramid's `DENY_ALL`).
 */
export const DENY_ALL = Object.freeze([Deny, Everyone, ALL_PERMISSIONS] as const);
