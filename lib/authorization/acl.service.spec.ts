import { Logger } from '@nestjs/common';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { ALL_PERMISSIONS, Allow, DENY_ALL, Deny } from './acl.constants';
import type { Acl, AclResource } from './acl.interface';
import { AclService } from './acl.service';

const SECRET = 's'.repeat(64);
const ALICE = [Everyone, Authenticated, 'user:alice', 'admin'];
const ANONYMOUS = [Everyone];

function service(options: Partial<JwtAuthOptions> = {}): AclService {
  return new AclService(resolveJwtAuthOptions({ secret: SECRET, ...options }));
}

function resource(acl: Acl, parent?: AclResource): AclResource {
  return { __acl__: acl, __parent__: parent };
}

describe('AclService', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('without the acl option or a resource', () => {
    it('grants a permission to the principal of the same name', () => {
      expect(service().permits(ALICE, 'admin').allowed).toBe(true);
    });

    it('refuses a permission no principal is named after', () => {
      const decision = service().permits(ALICE, 'editors');
      expect(decision.allowed).toBe(false);
      expect(decision.acl).toBe('<principal-name rule>');
    });

    it('lists the one principal named like the permission as allowed', () => {
      expect(service().principalsAllowedByPermission(undefined, 'admin')).toEqual(new Set(['admin']));
    });
  });

  describe('with the acl option', () => {
    it('decides a permission at the root ACL', () => {
      const acl = service({ acl: [[Allow, 'admin', 'delete']] });
      expect(acl.permits(ALICE, 'delete').allowed).toBe(true);
    });

    it('no longer grants a permission to the principal of the same name', () => {
      const acl = service({ acl: [[Allow, 'admin', 'delete']] });
      expect(acl.permits(ALICE, 'admin').allowed).toBe(false);
    });

    it("walks a resource's ACL before the root ACL", () => {
      const acl = service({ acl: [[Allow, 'admin', 'delete']] });
      expect(acl.permits(ALICE, 'delete', resource([[Deny, 'user:alice', 'delete']])).allowed).toBe(false);
    });

    it("falls back on the root ACL when a resource's ACL does not match", () => {
      const acl = service({ acl: [[Allow, 'admin', 'delete']] });
      expect(acl.permits(ALICE, 'delete', resource([[Deny, 'user:bob', 'delete']])).allowed).toBe(true);
    });

    it('lists the principals allowed on a resource, from the root down', () => {
      const acl = service({ acl: [[Allow, 'admin', ALL_PERMISSIONS]] });
      const allowed = acl.principalsAllowedByPermission(resource([[Allow, 'user:alice', 'edit']]), 'edit');
      expect(allowed).toEqual(new Set(['admin', 'user:alice']));
    });
  });

  it("decides by the resource's ACLs alone when the acl option is not set", () => {
    const acl = service();
    expect(acl.permits(ALICE, 'admin', resource([[Allow, 'user:bob', 'admin']])).allowed).toBe(false);
  });

  it('grants Authenticated to an authenticated request whatever the ACLs say', () => {
    const acl = service({ acl: [DENY_ALL] });
    expect(acl.permits(ALICE, Authenticated, resource([DENY_ALL])).allowed).toBe(true);
  });

  it('refuses Authenticated to an anonymous request whatever the ACLs say', () => {
    const acl = service({ acl: [[Allow, Everyone, ALL_PERMISSIONS]] });
    expect(acl.permits(ANONYMOUS, Authenticated).allowed).toBe(false);
  });

  it('grants Everyone to an anonymous request whatever the ACLs say', () => {
    expect(service({ acl: [DENY_ALL] }).permits(ANONYMOUS, Everyone).allowed).toBe(true);
  });

  it('logs each decision with its message when debug is on', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const decision = service({ debug: true, acl: [[Allow, 'admin', 'delete']] }).permits(ALICE, 'delete');
    expect(log).toHaveBeenCalledWith(decision.message);
  });

  it('logs nothing when debug is off', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    service({ acl: [[Allow, 'admin', 'delete']] }).permits(ALICE, 'delete');
    expect(log).not.toHaveBeenCalled();
  });

  describe('with scopePermissions', () => {
    const SCOPES = { 'documents.read': 'view', 'documents.write': ['view', 'edit'] };
    const READER = [Everyone, Authenticated, 'user:alice', 'scope:documents.read'];

    it('grants a permission to the principal of a scope mapped to it, without the acl option', () => {
      const decision = service({ scopePermissions: SCOPES }).permits(READER, 'view');
      expect(decision.allowed).toBe(true);
      expect(decision.ace).toEqual([Allow, 'scope:documents.read', ['view']]);
    });

    it('refuses a mapped permission no scope of the principals grants', () => {
      expect(service({ scopePermissions: SCOPES }).permits(READER, 'edit').allowed).toBe(false);
    });

    it('keeps the principal-name rule for the permissions no scope grants', () => {
      const acl = service({ scopePermissions: SCOPES });
      expect(acl.permits(ALICE, 'admin').allowed).toBe(true);
      expect(acl.permits(READER, 'admin').allowed).toBe(false);
    });

    it('puts its ACEs before the root ACL, which no longer decides a permission a scope grants', () => {
      const acl = service({ scopePermissions: SCOPES, acl: [DENY_ALL] });
      expect(acl.permits(READER, 'view').allowed).toBe(true);
      expect(acl.permits(READER, 'edit').allowed).toBe(false);
    });

    it("lets a resource's own ACL decide first: a Deny there wins over the scope", () => {
      const locked = resource([[Deny, Everyone, 'view']]);
      expect(service({ scopePermissions: SCOPES }).permits(READER, 'view', locked).allowed).toBe(false);
      const open = resource([[Allow, 'user:bob', 'view']]);
      expect(service({ scopePermissions: SCOPES }).permits(READER, 'view', open).allowed).toBe(true);
    });

    it('lists the principals of the scopes among those allowed', () => {
      expect(service({ scopePermissions: SCOPES }).principalsAllowedByPermission(undefined, 'view')).toEqual(
        new Set(['view', 'scope:documents.read', 'scope:documents.write']),
      );
      expect(
        service({
          scopePermissions: SCOPES,
          acl: [[Allow, 'editors', 'edit']],
        }).principalsAllowedByPermission(undefined, 'edit'),
      ).toEqual(new Set(['scope:documents.write', 'editors']));
    });
  });
});
