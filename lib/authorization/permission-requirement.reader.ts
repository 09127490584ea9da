import type { Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { PERMISSION_METADATA, PERMISSION_RESOURCE_METADATA } from '../jwt-auth.constants';
import type { ResourceLoader } from './resource-loader.interface';

/**
 * What a handler's `@Permission()` metadata says, before `defaultPermission` fills a gap: the one
 * reading of that metadata, shared by the guard, the resource loader registry and the route report.
 */
export interface DeclaredPermission {
  /** The permissions named by the handler's or its controller's `@Permission()` (any one lets the caller in); `undefined` when neither names one. */
  readonly permissions: readonly string[] | undefined;
  /** Where the permission comes from: the handler's `@Permission()` wins over its controller's. */
  readonly declaredOn: 'handler' | 'controller' | undefined;
  /** The class of the resource loader named by the `@Permission()` that applies; `undefined` for none. */
  readonly loaderClass: Type<ResourceLoader> | undefined;
}

/** The `@Permission()` that applies to `handler` of `controller`: the handler's own, else the controller's. */
export function readDeclaredPermission(
  reflector: Reflector,
  handler: Function,
  controller: Function,
): DeclaredPermission {
  const onHandler = reflector.get<readonly string[] | undefined>(PERMISSION_METADATA, handler);
  const permissions =
    onHandler ?? reflector.get<readonly string[] | undefined>(PERMISSION_METADATA, controller);
  const loaderClass = reflector.getAllAndOverride<Type<ResourceLoader> | null | undefined>(
    PERMISSION_RESOURCE_METADATA,
    [handler, controller],
  );
  return {
    permissions,
    declaredOn: onHandler !== undefined ? 'handler' : permissions !== undefined ? 'controller' : undefined,
    loaderClass: loaderClass ?? undefined,
  };
}
