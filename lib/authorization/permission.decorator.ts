import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Everyone, PERMISSION_METADATA, PERMISSION_RESOURCE_METADATA } from '../jwt-auth.constants';
import { normalizePermission } from './permission.util';
import type { PermissionOptions } from './permission.interface';

/**
 * The permission a route requires, on a handler or a whole controller (the handler's wins), like
 * Pyramid's `@view_config(permission=...)`. Without an ACL, `@Permission('admin')` needs the group
 * `admin` among the request's principals and `@Permission(Authenticated)` (or the literal
 * `'Authenticated'`) needs a valid token. With the `acl` option, or a `resource`, the ACLs decide.
 *
 * @param options `resource`: the loader of the resource whose ACL decides, e.g.
 *   `@Permission('edit', { resource: DocumentResource })`; the handler reads the loaded resource
 *   with `@PermissionResource()`.
 */
export function Permission(permission: string, options?: PermissionOptions): MethodDecorator & ClassDecorator {
  if (typeof permission !== 'string' || permission === '') {
    throw new TypeError('@Permission() needs a permission name, such as Authenticated or \'admin\'.');
  }
  const resource = options?.resource;
  if (resource !== undefined && typeof resource !== 'function') {
    throw new TypeError('@Permission(name, { resource }) needs a resource loader class, such as DocumentResource.');
  }
  return applyDecorators(
    SetMetadata(PERMISSION_METADATA, normalizePermission(permission)),
    SetMetadata(PERMISSION_RESOURCE_METADATA, resource ?? null),
  );
}

/** Opens a route (or a controller) to anyone, with or without a token: `@Permission(Everyone)`. */
export function Public(): MethodDecorator & ClassDecorator {
  return Permission(Everyone);
}
