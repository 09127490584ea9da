import type { Acl, AclResource } from 'nestjs-jwt-permissions';

/** A thing with its own ACL, maybe in a folder whose ACL it inherits. */
export class Thing implements AclResource {
  constructor(
    readonly id: string,
    readonly __acl__: Acl,
    readonly __parent__: AclResource | null = null,
  ) {}
}
