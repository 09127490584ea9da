import { compileClaimsMapper } from './claims-mapping.mapper';
import { resolveClaimMappings, type ClaimMapping } from './claims-mapping.options';

function mapper(...mappings: ClaimMapping[]) {
  return compileClaimsMapper(resolveClaimMappings(mappings, 'claims'));
}

describe('compileClaimsMapper', () => {
  it('prefixes every string of an array claim', () => {
    expect(mapper({ claim: 'roles', prefix: 'role:' })({ roles: ['admin', 'editor'] })).toEqual([
      'role:admin',
      'role:editor',
    ]);
  });

  it('takes a string claim as one value unless it is space-separated', () => {
    expect(mapper({ claim: 'team', prefix: 'team:' })({ team: 'red blue' })).toEqual(['team:red blue']);
    expect(mapper({ claim: 'scope', prefix: 'scope:', spaceSeparated: true })({ scope: ' a  b ' })).toEqual([
      'scope:a',
      'scope:b',
    ]);
  });

  it('does not split the elements of an array, even when space-separated', () => {
    expect(mapper({ claim: 'scp', prefix: 'scope:', spaceSeparated: true })({ scp: ['a b'] })).toEqual([
      'scope:a b',
    ]);
  });

  it('walks a dotted path into nested objects', () => {
    expect(
      mapper({ claim: 'realm_access.roles', prefix: 'role:' })({ realm_access: { roles: ['admin'] } }),
    ).toEqual(['role:admin']);
  });

  it('reads a namespaced URL claim as one name, dots and all', () => {
    const claims = { 'https://example.com/roles': ['admin'], https: { '//example': { com: ['wrong'] } } };
    expect(mapper({ claim: 'https://example.com/roles', prefix: 'role:' })(claims)).toEqual(['role:admin']);
  });

  it('walks an array path whose names hold dots', () => {
    expect(
      mapper({ claim: ['resource_access', 'my.api', 'roles'], prefix: 'r:' })({
        resource_access: { 'my.api': { roles: ['x'] } },
      }),
    ).toEqual(['r:x']);
  });

  it.each([
    ['absent', {}],
    ['null', { roles: null }],
    ['a number', { roles: 7 }],
    ['a boolean', { roles: true }],
    ['an object', { roles: { admin: true } }],
    ['an empty string', { roles: '' }],
  ])('maps nothing from a claim that is %s', (_name, claims) => {
    expect(mapper({ claim: 'roles', prefix: 'role:' })(claims)).toEqual([]);
  });

  it('ignores the values of an array that are not non-empty strings', () => {
    expect(
      mapper({ claim: 'roles', prefix: 'role:' })({
        roles: ['admin', 1, null, { a: 1 }, ['nested'], '', 'editor'],
      }),
    ).toEqual(['role:admin', 'role:editor']);
  });

  it('finds nothing through a value that is not an object on the way', () => {
    for (const realmAccess of ['roles', ['roles'], 5, null]) {
      expect(mapper({ claim: 'realm_access.roles', prefix: 'role:' })({ realm_access: realmAccess })).toEqual(
        [],
      );
    }
  });

  it("never reads inherited properties: 'constructor' or '__proto__' paths find nothing", () => {
    expect(mapper({ claim: 'constructor.name', prefix: 'x:' })({})).toEqual([]);
    expect(mapper({ claim: 'roles.length', prefix: 'x:' })({ roles: ['a'] })).toEqual([]);
    expect(mapper({ claim: '__proto__', prefix: 'x:' })(JSON.parse('{"__proto__": ["admin"]}'))).toEqual([
      'x:admin',
    ]);
    expect(mapper({ claim: '__proto__', prefix: 'x:' })({})).toEqual([]);
  });

  it('keeps the order of mappings and values, without repeats', () => {
    const map = mapper(
      { claim: 'scope', prefix: 'scope:', spaceSeparated: true },
      { claim: 'scp', prefix: 'scope:', spaceSeparated: true },
    );
    expect(map({ scope: 'b a b', scp: 'a c' })).toEqual(['scope:b', 'scope:a', 'scope:c']);
  });

  it('cannot produce a principal without its prefix: a value equal to a user id stays namespaced', () => {
    expect(
      mapper({ claim: 'groups', prefix: 'group:' })({ sub: 'alice', groups: ['alice', 'system.Everyone'] }),
    ).toEqual(['group:alice', 'group:system.Everyone']);
  });

  it('maps nothing with no mappings', () => {
    expect(mapper()({ roles: ['admin'] })).toEqual([]);
  });
});
