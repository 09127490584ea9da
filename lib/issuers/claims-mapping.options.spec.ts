import { resolveClaimMappings } from './claims-mapping.options';

describe('resolveClaimMappings', () => {
  const resolve = (mappings: unknown) => resolveClaimMappings(mappings, 'issuers[0].claims');

  it('splits a dotted path once, and keeps a URL claim and an array path whole', () => {
    expect(
      resolve([
        { claim: 'realm_access.roles', prefix: 'role:' },
        { claim: 'https://example.com/roles', prefix: 'role:' },
        {
          claim: ['resource_access', 'my.api', 'roles'],
          prefix: 'client-role:my.api:',
          spaceSeparated: false,
        },
        { claim: 'scope', prefix: 'scope:', spaceSeparated: true },
      ]),
    ).toEqual([
      { path: ['realm_access', 'roles'], prefix: 'role:', spaceSeparated: false },
      { path: ['https://example.com/roles'], prefix: 'role:', spaceSeparated: false },
      { path: ['resource_access', 'my.api', 'roles'], prefix: 'client-role:my.api:', spaceSeparated: false },
      { path: ['scope'], prefix: 'scope:', spaceSeparated: true },
    ]);
  });

  it('returns frozen rules, read on the request path only', () => {
    const resolved = resolve([{ claim: 'roles', prefix: 'role:' }]);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved[0])).toBe(true);
    expect(Object.isFrozen(resolved[0].path)).toBe(true);
  });

  it('refuses something other than an array, naming the option and the presets', () => {
    expect(() => resolve({ claim: 'roles', prefix: 'role:' })).toThrow(
      'JwtAuthModule: issuers[0].claims must be an array of { claim, prefix } rules, or a preset such as keycloakClaims',
    );
  });

  it('refuses an entry that is not an object', () => {
    expect(() => resolve(['roles'])).toThrow(
      'issuers[0].claims[0] must be an object { claim, prefix, spaceSeparated? }.',
    );
  });

  it.each([undefined, '', null])(
    'refuses an empty or missing prefix (%p): a mapped value could pass for a user id',
    (prefix) => {
      expect(() => resolve([{ claim: 'roles', prefix }])).toThrow(
        "issuers[0].claims[0].prefix must be a non-empty string, such as 'role:': without one, a mapped value could pass for a user id or a group.",
      );
    },
  );

  it('refuses a prefix holding whitespace', () => {
    expect(() => resolve([{ claim: 'roles', prefix: 'role: ' }])).toThrow(
      'issuers[0].claims[0].prefix "role: " holds whitespace',
    );
  });

  it("refuses a prefix in the system principals' namespace", () => {
    expect(() => resolve([{ claim: 'roles', prefix: 'system.' }])).toThrow(
      'is in the "system." namespace of Everyone and Authenticated',
    );
  });

  it.each(['user:', 'user:admin-', 'u', 'use', 'user'])(
    "refuses a prefix (%p) that could make a mapped value the principal of a user, 'user:<id>'",
    (prefix) => {
      expect(() => resolve([{ claim: 'roles', prefix }])).toThrow(
        "could make a claim pass for a user's principal",
      );
    },
  );

  it.each([undefined, '', 5, {}])('refuses a claim that names nothing (%p)', (claim) => {
    expect(() => resolve([{ claim, prefix: 'role:' }])).toThrow(
      "issuers[0].claims[0].claim must name a claim: a name ('roles'), a dotted path",
    );
  });

  it('refuses a dotted path with an empty name, pointing to the array form', () => {
    expect(() => resolve([{ claim: 'realm_access..roles', prefix: 'role:' }])).toThrow(
      'has an empty name in its dotted path; when a name holds a dot, give the path as an array of names.',
    );
  });

  it.each([[[]], [['resource_access', '']], [['a', 1]]])(
    'refuses an array path that is empty or holds a non-name (%p)',
    (claim) => {
      expect(() => resolve([{ claim, prefix: 'role:' }])).toThrow(
        'issuers[0].claims[0].claim must be a non-empty array of claim names',
      );
    },
  );

  it('refuses an unknown key, naming the known ones', () => {
    expect(() => resolve([{ claim: 'roles', prefix: 'role:', split: true }])).toThrow(
      'issuers[0].claims[0].split is not an option; a claim mapping has claim, prefix and spaceSeparated.',
    );
  });

  it('refuses a spaceSeparated that is not a boolean', () => {
    expect(() => resolve([{ claim: 'scope', prefix: 'scope:', spaceSeparated: 'yes' }])).toThrow(
      'issuers[0].claims[0].spaceSeparated must be true or false.',
    );
  });
});
