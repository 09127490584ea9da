import { Authenticated, Everyone } from '../jwt-auth.constants';
import { ALL_PERMISSIONS, Allow, DENY_ALL, Deny } from './acl.constants';
import type { Acl, AclResource } from './acl.interface';
import { AclAllowed, AclDenied } from './acl-decision.model';
import { aclPermits, lineage, principalsAllowedByPermission, RootResource } from './acl.helper';

// Pyramid's ACLHelper semantics, one behaviour per test.

class Resource implements AclResource {
  constructor(
    readonly __acl__?: AclResource['__acl__'],
    readonly __parent__?: AclResource | null,
    readonly id?: string,
  ) {}
}

const FRED = [Everyone, Authenticated, 'fred'];
const FRED_EDITOR = [...FRED, 'editors'];

describe('aclPermits', () => {
  it('grants a permission an Allow ACE gives to one of the principals', () => {
    const decision = aclPermits(new Resource([[Allow, 'fred', 'view']]), FRED, 'view');
    expect(decision).toBeInstanceOf(AclAllowed);
    expect(decision.allowed).toBe(true);
  });

  it('refuses when a Deny comes before an Allow of the same permission (Deny before Allow wins)', () => {
    const acl: Acl = [
      [Deny, 'fred', 'edit'],
      [Allow, 'editors', 'edit'],
    ];
    expect(aclPermits(new Resource(acl), FRED_EDITOR, 'edit').allowed).toBe(false);
  });

  it('grants when an Allow comes before a Deny of the same permission (Allow before Deny wins)', () => {
    const acl: Acl = [
      [Allow, 'editors', 'edit'],
      [Deny, 'fred', 'edit'],
    ];
    expect(aclPermits(new Resource(acl), FRED_EDITOR, 'edit').allowed).toBe(true);
  });

  it('reports the ACE that decided, its ACL and the resource holding it', () => {
    const ace = [Deny, 'fred', 'edit'] as const;
    const child = new Resource([ace]);
    const decision = aclPermits(new Resource(undefined, child), FRED, 'edit');
    expect(decision).toBeInstanceOf(AclDenied);
    expect(decision.ace).toBe(ace);
    expect(decision.acl).toBe(child.__acl__);
    expect(decision.context).toBe(child);
    expect(decision.permission).toBe('edit');
    expect(decision.principals).toBe(FRED);
  });

  it('grants any permission through ALL_PERMISSIONS', () => {
    const resource = new Resource([[Allow, 'fred', ALL_PERMISSIONS]]);
    expect(aclPermits(resource, FRED, 'anything-at-all').allowed).toBe(true);
  });

  it('stops inheritance at a DENY_ALL ending a child ACL', () => {
    const root = new RootResource([[Allow, Everyone, 'view']]);
    const child = new Resource([[Allow, 'editors', 'edit'], DENY_ALL]);
    const decision = aclPermits(child, FRED, 'view', root);
    expect(decision.allowed).toBe(false);
    expect(decision.ace).toBe(DENY_ALL);
  });

  it('keeps what a child ACL allows before its DENY_ALL', () => {
    const child = new Resource([[Allow, 'editors', 'edit'], DENY_ALL]);
    expect(aclPermits(child, FRED_EDITOR, 'edit').allowed).toBe(true);
  });

  it('inherits an Allow from a parent when the child ACL has no matching ACE', () => {
    const parent = new Resource([[Allow, 'fred', 'view']]);
    const child = new Resource([[Allow, 'bob', 'view']], parent);
    const decision = aclPermits(child, FRED, 'view');
    expect(decision.allowed).toBe(true);
    expect(decision.context).toBe(parent);
  });

  it('inherits from the root ACL after the last parent', () => {
    const root = new RootResource([[Allow, Authenticated, 'view']]);
    const child = new Resource([], new Resource([[Allow, 'bob', 'view']]));
    const decision = aclPermits(child, FRED, 'view', root);
    expect(decision.allowed).toBe(true);
    expect(decision.context).toBe(root);
  });

  it('lets a child Deny override the Allow of a parent', () => {
    const parent = new Resource([[Allow, 'fred', 'view']]);
    const child = new Resource([[Deny, 'fred', 'view']], parent);
    expect(aclPermits(child, FRED, 'view').allowed).toBe(false);
  });

  it('calls a callable ACL with the resource as this and as its argument', () => {
    class Document implements AclResource {
      constructor(readonly ownerId: string) {}
      __acl__(): Acl {
        return [[Allow, this.ownerId, 'edit']];
      }
    }
    const byArgument = new Resource(
      (resource: { id?: string }) => [[Allow, resource.id ?? '', 'edit']],
      null,
      'fred',
    );
    expect(aclPermits(new Document('fred'), FRED, 'edit').allowed).toBe(true);
    expect(aclPermits(byArgument, FRED, 'edit').allowed).toBe(true);
  });

  it('falls through an empty ACL to the parent', () => {
    const child = new Resource([], new Resource([[Allow, 'fred', 'view']]));
    expect(aclPermits(child, FRED, 'view').allowed).toBe(true);
  });

  it('falls through a resource without an ACL to the parent', () => {
    const child = new Resource(undefined, new Resource([[Allow, 'fred', 'view']]));
    expect(aclPermits(child, FRED, 'view').allowed).toBe(true);
  });

  it('refuses by default when no ACE matches, naming the last ACL walked and the resource asked about', () => {
    const rootAcl: Acl = [[Allow, 'admin', 'view']];
    const child = new Resource([[Allow, 'bob', 'view']]);
    const decision = aclPermits(child, FRED, 'view', new RootResource(rootAcl));
    expect(decision).toBeInstanceOf(AclDenied);
    expect(decision.ace).toBe('<default deny>');
    expect(decision.acl).toBe(rootAcl);
    expect(decision.context).toBe(child);
  });

  it('refuses by default when no resource in the lineage has an ACL', () => {
    const decision = aclPermits(new Resource(undefined, new Resource()), FRED, 'view');
    expect(decision.allowed).toBe(false);
    expect(decision.acl).toBe('<No ACL found on any object in resource lineage>');
  });

  it('grants each permission of a permission list', () => {
    const resource = new Resource([[Allow, 'fred', ['view', 'edit']]]);
    expect(aclPermits(resource, FRED, 'view').allowed).toBe(true);
    expect(aclPermits(resource, FRED, 'edit').allowed).toBe(true);
    expect(aclPermits(resource, FRED, 'delete').allowed).toBe(false);
  });

  it('matches a string permission whole, never as a substring', () => {
    const resource = new Resource([[Allow, 'fred', 'read']]);
    expect(aclPermits(resource, FRED, 'r').allowed).toBe(false);
    expect(aclPermits(resource, FRED, 'ead').allowed).toBe(false);
  });

  it('ignores an ACE whose principal is not among the principals', () => {
    const resource = new Resource([
      [Deny, 'bob', 'view'],
      [Allow, 'fred', 'view'],
    ]);
    expect(aclPermits(resource, FRED, 'view').allowed).toBe(true);
  });

  it('decides at the root alone when there is no resource', () => {
    const root = new RootResource([[Allow, 'fred', 'view']]);
    const decision = aclPermits(undefined, FRED, 'view', root);
    expect(decision.allowed).toBe(true);
    expect(decision.context).toBe(root);
  });

  it('fails instead of skipping a malformed ACE in a resource ACL', () => {
    const resource = new Resource([['deny', 'fred', 'edit']] as unknown as Acl);
    expect(() => aclPermits(resource, FRED, 'edit')).toThrow(TypeError);
  });

  it('fails on an __acl__ that is neither an array nor a function returning one', () => {
    const resource = new Resource((() => 'fred') as unknown as () => Acl);
    expect(() => aclPermits(resource, FRED, 'edit')).toThrow(/must be an array of ACEs/);
  });

  it("says which ACE of which ACL decided, for whom and on what, in Pyramid's words", () => {
    const decision = aclPermits(
      new Resource([[Allow, 'fred', ['view', 'edit']]], null, 'doc-1'),
      ['fred'],
      'edit',
    );
    expect(decision.message).toBe(
      "AclAllowed permission 'edit' via ACE ['Allow', 'fred', ['view', 'edit']] " +
        "in ACL [['Allow', 'fred', ['view', 'edit']]] on context <Resource 'doc-1'> for principals ['fred']",
    );
  });

  it('writes ALL_PERMISSIONS and the root by name in its message', () => {
    const decision = aclPermits(undefined, [Everyone], 'edit', new RootResource([DENY_ALL]));
    expect(decision.message).toBe(
      "AclDenied permission 'edit' via ACE ['Deny', 'system.Everyone', ALL_PERMISSIONS] " +
        "in ACL [['Deny', 'system.Everyone', ALL_PERMISSIONS]] on context <root> for principals ['system.Everyone']",
    );
  });
});

describe('lineage', () => {
  it('lists the resource, its parents, then the root', () => {
    const root = new RootResource([]);
    const parent = new Resource();
    const child = new Resource(undefined, parent);
    expect(lineage(child, root)).toEqual([child, parent, root]);
  });

  it('refuses a __parent__ chain that loops', () => {
    const a: { __parent__?: unknown } = {};
    const b = { __parent__: a };
    a.__parent__ = b;
    expect(() => lineage(a)).toThrow(/loops back/);
  });
});

describe('principalsAllowedByPermission', () => {
  it('collects the principals allowed along the lineage', () => {
    const root = new RootResource([[Allow, 'admin', 'edit']]);
    const child = new Resource(
      [[Allow, 'fred', 'edit']],
      new Resource([[Allow, 'editors', ['edit', 'view']]]),
    );
    expect(principalsAllowedByPermission(child, 'edit', root)).toEqual(new Set(['admin', 'editors', 'fred']));
  });

  it('drops a principal a parent allowed when the child denies it', () => {
    const parent = new Resource([
      [Allow, 'fred', 'edit'],
      [Allow, 'bob', 'edit'],
    ]);
    const child = new Resource([[Deny, 'fred', 'edit']], parent);
    expect(principalsAllowedByPermission(child, 'edit')).toEqual(new Set(['bob']));
  });

  it('drops everything the parents allowed at a Deny of Everyone', () => {
    const parent = new Resource([
      [Allow, 'fred', 'edit'],
      [Allow, Authenticated, 'edit'],
    ]);
    const child = new Resource([DENY_ALL], parent);
    expect(principalsAllowedByPermission(child, 'edit')).toEqual(new Set());
  });

  it('keeps the Allows that come before a Deny of Everyone in the same ACL', () => {
    const parent = new Resource([[Allow, 'bob', 'edit']]);
    const child = new Resource([[Allow, 'fred', 'edit'], DENY_ALL, [Allow, 'carol', 'edit']], parent);
    expect(principalsAllowedByPermission(child, 'edit')).toEqual(new Set(['fred']));
  });

  it('ignores an Allow that comes after a Deny of the same principal in one ACL', () => {
    const resource = new Resource([
      [Deny, 'fred', 'edit'],
      [Allow, 'fred', 'edit'],
    ]);
    expect(principalsAllowedByPermission(resource, 'edit')).toEqual(new Set());
  });

  it('ignores a Deny of another permission', () => {
    const parent = new Resource([[Allow, 'fred', 'edit']]);
    const child = new Resource([[Deny, 'fred', 'delete']], parent);
    expect(principalsAllowedByPermission(child, 'edit')).toEqual(new Set(['fred']));
  });

  it('reads a callable ACL', () => {
    const resource = new Resource(() => [[Allow, 'fred', 'edit']]);
    expect(principalsAllowedByPermission(resource, 'edit')).toEqual(new Set(['fred']));
  });

  it('matches a string permission whole, never as a substring', () => {
    const resource = new Resource([[Allow, 'fred', 'read']]);
    expect(principalsAllowedByPermission(resource, 'r')).toEqual(new Set());
  });

  it('is empty when no resource in the lineage has an ACL', () => {
    expect(principalsAllowedByPermission(new Resource(), 'view')).toEqual(new Set());
  });
});
