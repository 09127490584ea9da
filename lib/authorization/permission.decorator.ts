import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Everyone, PERMISSION_METADATA, PERMISSION_RESOURCE_METADATA } from '../jwt-auth.constants';
import { normalizePermission } from './permission.util';
import type { PermissionList, PermissionOptions } from './permission.interface';

/**
 * The permission a route requires, on a handler or a whole controller (the handler's wins), like
 * Pyramid's `@view_config(permission=...)`. Without an ACL, `@Permission('admin')` needs the group
 * `admin` among the request's principals (never a user whose id is `admin`: a user's principal is
 * `user:<id>`) and `@Permission(Authenticated)` (or the literal
 * `'Authenticated'`) needs a valid token. With the `acl` option, or a `resource`, the ACLs decide.
 *
 * Several permissions, as a non-empty array, let in a caller who holds any one of them:
 * `@Permission(['edit', 'moderate'], { resource: DocumentResource })`, each checked as a single
 * permission would be (against the same resource's ACL, when there is one).
 *
 * @param options `resource`: the loader of the resource whose ACL decides, e.g.
 *   `@Permission('edit', { resource: DocumentResource })`; the handler reads the loaded resource
 *   with `@PermissionResource()`.
 */
export function Permission(
  permission: string | PermissionList,
  options?: PermissionOptions,
): MethodDecorator & ClassDecorator {
  const permissions = typeof permission === 'string' ? [permission] : permission;
  if (
    !Array.isArray(permissions) ||
    permissions.length === 0 ||
    !permissions.every((p) => typeof p === 'string' && p !== '')
  ) {
    throw new TypeError(
      "@Permission() needs a permission name, such as Authenticated or 'admin', or a non-empty array of them, such as ['edit', 'admin'].",
    );
  }
  const resource = options?.resource;
  if (resource !== undefined && typeof resource !== 'function') {
    throw new TypeError(
      '@Permission(name, { resource }) needs a resource loader class, such as DocumentResource.',
    );
  }
  return applyDecorators(
    SetMetadata(PERMISSION_METADATA, Object.freeze([...new Set(permissions.map(normalizePermission))])),
    SetMetadata(PERMISSION_RESOURCE_METADATA, resource ?? null),
  );
}

/** Opens a route (or a controller) to anyone, with or without a token: `@Permission(Everyone)`. */
export function Public(): MethodDecorator & ClassDecorator {
  return Permission(Everyone);
}
