import { Allow, Authenticated, type Acl } from 'nestjs-jwt-permissions';

/**
 * The root ACL the documents need, for `JwtAuthModule.forRoot({ acl })`: any logged-in user may
 * view, only the group `admin` may delete. Editing is decided by each document's own ACL.
 */
export const DOCUMENTS_ROOT_ACL: Acl = [
  [Allow, Authenticated, 'view'],
  [Allow, 'admin', 'delete'],
];
