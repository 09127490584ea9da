import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { getRequest } from '../credentials/request-context.util';
import type { JwtAuthRequestData } from '../identity/identity.interface';

/**
 * The resource loaded by the route's `@Permission(name, { resource })` loader, already checked
 * against its ACL: `update(@PermissionResource() document: Document)`. `undefined` on a route
 * without a resource loader. Also on the request as `request.permissionResource`.
 */
export const PermissionResource = createParamDecorator(
  (_: unknown, context: ExecutionContext) => (getRequest(context) as JwtAuthRequestData).permissionResource,
);
