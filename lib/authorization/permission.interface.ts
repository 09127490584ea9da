import type { Type } from '@nestjs/common';
import type { ResourceLoader } from './resource-loader.interface';

/** The second argument of `@Permission()`. */
export interface PermissionOptions {
  /**
   * The provider that loads the resource the route acts on; the permission is then checked against
   * the resource's ACL and its parents', up to the root ACL. Default: none, the root ACL decides.
   */
  resource?: Type<ResourceLoader>;
}

/** Several permissions, any one of which lets the caller in: a non-empty array, checked at compile time. */
export type PermissionList = readonly [string, ...string[]];

/** What a route requires, read from its metadata once per handler by the guard. */
export interface PermissionRequirement {
  /**
   * The permissions, any one of which lets the caller in, normalised (`'Authenticated'` is read as
   * `Authenticated`): one, unless `@Permission()` was given several.
   */
  readonly permissions: readonly string[];
  /** The loader of the resource the permission is checked on; `undefined` for the root. */
  readonly loader: ResourceLoader | undefined;
}
