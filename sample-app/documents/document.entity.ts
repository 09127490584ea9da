import { Allow, Deny, Everyone, userPrincipal, type Acl, type AclResource } from 'nestjs-jwt-permissions';

/**
 * A document, and a resource with its own ACL: its owner and the group `editors` may edit it, and
 * nobody else, whatever the root ACL says. Viewing and deleting are left to the root ACL.
 */
export class Document implements AclResource {
  constructor(
    readonly id: string,
    readonly ownerId: string,
    public title: string,
    public body: string,
  ) {}

  // A method, so it is not serialised with the document, and always reflects the current owner.
  __acl__(): Acl {
    return [
      [Allow, userPrincipal(this.ownerId), 'edit'],
      [Allow, 'editors', 'edit'],
      [Deny, Everyone, 'edit'],
    ];
  }
}
