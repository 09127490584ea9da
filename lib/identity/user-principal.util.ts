// The user's own principal has a namespace of its own, so that no user id can ever be read as a
// group: a token whose `sub` is 'admin' gives the principal 'user:admin', never the group 'admin'.
const USER_PRINCIPAL_PREFIX = 'user:';

/**
 * The principal that names the user `userId` among a request's principals, and in ACL entries:
 * `userPrincipal('alice')` is `'user:alice'`. Groups keep their bare names (`'editors'`).
 *
 * @example
 * __acl__(): Acl {
 *   return [[Allow, userPrincipal(this.ownerId), 'edit'], [Allow, 'editors', 'edit']];
 * }
 */
export function userPrincipal(userId: string): string {
  return USER_PRINCIPAL_PREFIX + userId;
}

/** Whether `name` is in the users' namespace (`user:...`), where a group name must never be. */
export function isUserPrincipal(name: string): boolean {
  return name.startsWith(USER_PRINCIPAL_PREFIX);
}
