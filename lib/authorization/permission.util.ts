import { Authenticated, Everyone } from '../jwt-auth.constants';

// The seed writes Pyramid's principals as bare words (`permission='Authenticated'`); read them as meant.
const SYSTEM_ALIASES: Readonly<Record<string, string>> = { Authenticated, Everyone };

/**
 * The permission a route requires, as stored: `'Authenticated'` and `'Everyone'` are read as the
 * system principals {@link Authenticated} and {@link Everyone}; any other name is kept as given.
 */
export function normalizePermission(permission: string): string {
  return SYSTEM_ALIASES[permission] ?? permission;
}

/**
 * The decision without an ACL: a permission is granted when a principal of that name is among the
 * request's principals. `Authenticated` needs a valid token, `'admin'` the group `admin`.
 */
export function permitsByPrincipal(principals: readonly string[], permission: string): boolean {
  return permission === Everyone || principals.includes(permission);
}
