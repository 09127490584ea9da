import { Authenticated, Everyone } from '../jwt-auth.constants';
import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { ALL_PERMISSIONS, Allow, DENY_ALL, Deny } from './acl.constants';

const SECRET = 's'.repeat(64);

function resolveAcl(acl: unknown) {
  return resolveJwtAuthOptions({ secret: SECRET, acl: acl as never }).acl;
}

describe('the acl option', () => {
  it('is undefined when not set', () => {
    expect(resolveAcl(undefined)).toBeUndefined();
  });

  it('accepts a permission, a permission list, ALL_PERMISSIONS and DENY_ALL', () => {
    const acl = [
      [Allow, Authenticated, 'view'],
      [Deny, 'bob', ['edit', 'delete']],
      [Allow, 'admin', ALL_PERMISSIONS],
      DENY_ALL,
    ];
    expect(resolveAcl(acl)).toEqual(acl);
  });

  it('is frozen down to its permission lists, so it cannot change after start-up', () => {
    const resolved = resolveAcl([[Allow, 'bob', ['edit']]])!;
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved[0])).toBe(true);
    expect(Object.isFrozen(resolved[0][2])).toBe(true);
  });

  it('refuses a value that is not an array', () => {
    expect(() => resolveAcl({ admin: 'delete' })).toThrow('"acl" must be an array');
  });

  it('refuses an entry that is not a three-element array', () => {
    expect(() => resolveAcl([[Allow, 'admin']])).toThrow('"acl[0]" must be an array [Allow | Deny');
  });

  it('refuses an action other than Allow or Deny', () => {
    expect(() =>
      resolveAcl([
        [Allow, 'bob', 'view'],
        ['allow', 'admin', 'view'],
      ]),
    ).toThrow('"acl[1]" starts with "allow": use Allow or Deny');
  });

  it('refuses an empty principal', () => {
    expect(() => resolveAcl([[Allow, '', 'view']])).toThrow('"acl[0]" needs a principal name');
  });

  it('refuses an empty permission', () => {
    expect(() => resolveAcl([[Allow, 'bob', '']])).toThrow('"acl[0]" needs a permission name');
  });

  it('refuses an empty permission list', () => {
    expect(() => resolveAcl([[Allow, 'bob', []]])).toThrow('"acl[0]" needs a permission name');
  });

  it('refuses a permission list holding something other than names', () => {
    expect(() => resolveAcl([[Allow, 'bob', ['view', 3]]])).toThrow('"acl[0]" needs a permission name');
  });

  it('refuses the bare word Authenticated as a principal, which would never match', () => {
    expect(() => resolveAcl([[Allow, 'Authenticated', 'view']])).toThrow('use the Authenticated constant');
  });

  it('refuses the bare word Everyone as a principal, which would never match', () => {
    expect(() => resolveAcl([[Deny, 'Everyone', 'view']])).toThrow('use the Everyone constant');
  });

  it('accepts the Everyone constant as a principal', () => {
    expect(resolveAcl([[Allow, Everyone, 'view']])).toEqual([[Allow, Everyone, 'view']]);
  });
});
