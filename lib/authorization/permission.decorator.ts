import { SetMetadata } from '@nestjs/common';
import { Everyone, PERMISSION_METADATA } from '../jwt-auth.constants';
import { normalizePermission } from './permission';

/**
 * The permission a route requires, on a handler or a whole controller (the handler's wins), like
 * Pyramid's `@view_config(permission=...)`. Without an ACL, `@Permission('admin')` needs the group
 * `admin` among the request's principals and `@Permission(Authenticated)` (or the literal
 * `'Authenticated'`) needs a valid token.
 */
export function Permission(permission: string): MethodDecorator & ClassDecorator {
  if (typeof permission !== 'string' || permission === '') {
    throw new TypeError('@Permission() needs a permission name, such as Authenticated or \'admin\'.');
  }
  return SetMetadata(PERMISSION_METADATA, normalizePermission(permission));
}

/** Opens a route (or a controller) to anyone, with or without a token: `@Permission(Everyone)`. */
export function Public(): MethodDecorator & ClassDecorator {
  return Permission(Everyone);
}
