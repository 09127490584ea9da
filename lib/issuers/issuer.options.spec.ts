import { testKeyPair } from '../../test/support/test-keys';
import { keycloakClaims } from './claims-mapping.presets';
import { resolveIssuers, type IssuerOptions } from './issuer.options';
import { IssuerRegistry } from './issuer.registry';

const KEYCLOAK = 'https://sso.example.com/realms/acme';

function one(entry: Partial<IssuerOptions> & Record<string, unknown>) {
  return resolveIssuers([{ issuer: KEYCLOAK, audience: 'orders-api', ...entry }])[0];
}

describe('resolveIssuers', () => {
  it('discovers the keys of an entry with only issuer and audience, with the JWKS defaults', () => {
    const entry = one({});
    expect(entry.keys).toEqual({
      source: 'discovery',
      discovery: {
        issuer: KEYCLOAK,
        jwksOrigins: [],
        url: new URL(`${KEYCLOAK}/.well-known/openid-configuration`),
        timeout: 5000,
        cacheMaxAge: 600_000,
        cooldown: 30_000,
        maxBytes: 65_536,
      },
    });
    expect(entry.audiences).toEqual(['orders-api']);
    expect(entry.algorithms).toEqual(['RS256']);
    expect(entry.profile).toBeUndefined();
  });

  it('builds the RFC 8414 URL when asked, with the fetch limits given', () => {
    const { keys } = one({ discovery: 'oauth-authorization-server', fetch: { timeout: 2000, cooldown: 0 } });
    expect(keys.source === 'discovery' && keys.discovery).toMatchObject({
      url: new URL('https://sso.example.com/.well-known/oauth-authorization-server/realms/acme'),
      timeout: 2000,
      cooldown: 0,
      cacheMaxAge: 600_000,
    });
  });

  it('takes a jwksUri, or configured keys, instead of discovery', () => {
    expect(one({ jwksUri: `${KEYCLOAK}/protocol/openid-connect/certs` }).keys).toEqual({
      source: 'jwks',
      jwksUri: new URL(`${KEYCLOAK}/protocol/openid-connect/certs`),
    });
    const keys = [{ kid: 'k1', secret: 'a'.repeat(64), algorithm: 'HS256' as const }];
    const configured = one({ issuer: 'internal-service', keys, algorithms: ['HS256'] }).keys;
    expect(
      configured.source === 'keys' &&
        configured.keys.map(({ kid, algorithms, key }) => ({ kid, algorithms, type: key.type })),
    ).toEqual([{ kid: 'k1', algorithms: ['HS256'], type: 'secret' }]);
  });

  it("takes configured keys' algorithms when algorithms is not set, and refuses a key of an algorithm it does not list", () => {
    const publicKey = testKeyPair('ec-p256').publicKey;
    expect(
      one({ issuer: 'internal-service', keys: [{ kid: 'ec', algorithm: 'ES256', publicKey }] }).algorithms,
    ).toEqual(['ES256']);
    expect(() =>
      one({
        issuer: 'internal-service',
        keys: [{ kid: 'ec', algorithm: 'ES256', publicKey }],
        algorithms: ['RS256'],
      }),
    ).toThrow(
      'issuers[0].keys has a key for ES256, which issuers[0].algorithms does not list: add it, or remove that key.',
    );
  });

  it('checks configured keys at start-up, naming the entry', () => {
    expect(() =>
      one({ issuer: 'internal-service', keys: [{ kid: 'k1', secret: 'short' }], algorithms: ['HS256'] }),
    ).toThrow(/issuers\[0\]\.keys\[0\]\."secret"/);
    expect(() =>
      one({ issuer: 'internal-service', keys: [{ secret: 'a'.repeat(64) } as never], algorithms: ['HS256'] }),
    ).toThrow('issuers[0].keys[0].kid must be a non-empty string');
  });

  it('compiles the claim mappings once', () => {
    const entry = one({ claims: keycloakClaims() });
    expect(entry.mapClaims({ realm_access: { roles: ['admin'] }, scope: 'openid' })).toEqual([
      'role:admin',
      'scope:openid',
    ]);
  });

  it('checks the audience against aud by default, or against client_id when audienceClaim says so', () => {
    expect(one({}).audienceClaim).toBe('aud');
    expect(one({ audienceClaim: 'client_id' }).audienceClaim).toBe('client_id');
  });

  it('refuses an audienceClaim other than aud or client_id', () => {
    expect(() => one({ audienceClaim: 'azp' as 'aud' })).toThrow(
      `issuers[0].audienceClaim must be 'aud' (the default) or 'client_id' (Amazon Cognito's access tokens); got "azp".`,
    );
  });

  it('accepts the RFC 9068 profile and frozen entries', () => {
    const entries = resolveIssuers([{ issuer: KEYCLOAK, audience: ['a', 'b'], profile: 'at+jwt' }]);
    expect(entries[0].profile).toBe('at+jwt');
    expect(
      Object.isFrozen(entries) && Object.isFrozen(entries[0]) && Object.isFrozen(entries[0].audiences),
    ).toBe(true);
  });

  it.each([undefined, [], {}])('refuses an issuers option that is not a non-empty array (%p)', (issuers) => {
    expect(() => resolveIssuers(issuers)).toThrow(
      'JwtAuthModule: "issuers" must be a non-empty array of { issuer, audience, ... } entries',
    );
  });

  it('refuses an unknown option, listing the known ones', () => {
    expect(() => one({ audiences: ['x'] })).toThrow(
      'issuers[0].audiences is not an option; an issuer has issuer, audience, algorithms',
    );
  });

  it('refuses an entry without an issuer', () => {
    expect(() => resolveIssuers([{ audience: 'x' }])).toThrow(
      'issuers[0].issuer must be the provider\'s issuer, exactly as its tokens\' "iss"',
    );
  });

  it.each([undefined, '', [], [''], 5])(
    'refuses a missing or empty audience (%p), saying why it is required',
    (audience) => {
      expect(() => one({ audience: audience as string })).toThrow(
        'issuers[0].audience is required: the name this API has at the provider (a non-empty string or array of them), so that tokens the provider issues for other applications are refused.',
      );
    },
  );

  it('refuses the same issuer twice', () => {
    expect(() =>
      resolveIssuers([
        { issuer: KEYCLOAK, audience: 'a' },
        { issuer: KEYCLOAK, audience: 'b' },
      ]),
    ).toThrow(
      `issuers[1].issuer "${KEYCLOAK}" is listed twice: merge the entries (give "audience" as an array).`,
    );
  });

  it('refuses a plain-http issuer to discover, unless on localhost', () => {
    expect(() => one({ issuer: 'http://sso.example.com/realms/acme' })).toThrow(
      'issuers[0].issuer must be an https:// URL (plain http is only accepted on localhost)',
    );
    expect(one({ issuer: 'http://127.0.0.1:4000' }).keys.source).toBe('discovery');
  });

  it('refuses an issuer to discover that is not a URL, or has a query', () => {
    expect(() => one({ issuer: 'acme' })).toThrow(
      'issuers[0].issuer "acme" is not an http(s) URL without credentials',
    );
    expect(() => one({ issuer: `${KEYCLOAK}?tenant=1` })).toThrow(
      'issuers[0].issuer must have no query or fragment to be discovered',
    );
  });

  it('refuses a plain-http jwksUri off localhost', () => {
    expect(() => one({ jwksUri: 'http://sso.example.com/certs' })).toThrow(
      'issuers[0].jwksUri must be an https:// URL',
    );
  });

  it('refuses two key sources at once', () => {
    expect(() => one({ jwksUri: `${KEYCLOAK}/certs`, discovery: true })).toThrow(
      'issuers[0] sets jwksUri and discovery: its keys come from one of keys, jwksUri or discovery; keep one.',
    );
  });

  it('refuses discovery: false with no other key source', () => {
    expect(() => one({ discovery: false })).toThrow(
      'issuers[0].discovery is false, and neither keys nor jwksUri is set',
    );
  });

  it('refuses an unknown discovery kind', () => {
    expect(() => one({ discovery: 'openid' as never })).toThrow(
      "issuers[0].discovery must be true, 'openid-configuration' or 'oauth-authorization-server'",
    );
  });

  it('takes jwksOrigins as origins, and refuses a URL with a path or a plain-http origin', () => {
    const { keys } = one({
      issuer: 'https://accounts.google.com',
      jwksOrigins: ['https://www.googleapis.com'],
    });
    expect(keys.source === 'discovery' && keys.discovery.jwksOrigins).toEqual(['https://www.googleapis.com']);
    expect(() => one({ jwksOrigins: ['https://www.googleapis.com/oauth2'] })).toThrow(
      'which is not an origin; write it as "https://www.googleapis.com"',
    );
    expect(() => one({ jwksOrigins: ['http://keys.example.com'] })).toThrow(
      'issuers[0].jwksOrigins must be an https:// URL',
    );
  });

  it('refuses jwksOrigins without discovery', () => {
    expect(() => one({ jwksUri: `${KEYCLOAK}/certs`, jwksOrigins: ['https://keys.example.com'] })).toThrow(
      'issuers[0].jwksOrigins only applies to discovery',
    );
  });

  it('refuses an HMAC algorithm for fetched keys, and allows it with configured keys', () => {
    expect(() => one({ algorithms: ['HS256'] })).toThrow(
      'issuers[0].algorithms lists HS256, but its keys are fetched: a shared secret is never published.',
    );
    expect(
      one({
        issuer: 'internal-service',
        keys: [{ kid: 'k1', secret: 'a'.repeat(64) }],
        algorithms: ['HS256'],
      }).algorithms,
    ).toEqual(['HS256']);
  });

  it('refuses an unsupported algorithm, "none" included', () => {
    expect(() => one({ algorithms: ['none' as never] })).toThrow(
      'issuers[0].algorithms lists "none", which is not supported',
    );
  });

  it('refuses a bad fetch limit, naming the options', () => {
    expect(() => one({ fetch: { timeout: -1 } })).toThrow(
      'issuers[0].fetch.timeout must be a positive, finite number (milliseconds); got -1.',
    );
    expect(() => one({ fetch: { retries: 3 } as never })).toThrow(
      'issuers[0].fetch.retries is not an option; use timeout, cacheMaxAge, cooldown or maxBytes.',
    );
  });

  it('refuses a profile other than at+jwt', () => {
    expect(() => one({ profile: 'jwt' as never })).toThrow(
      "issuers[0].profile must be 'at+jwt' (RFC 9068), or left out.",
    );
  });

  it('refuses a claim mapping without a prefix, naming the entry', () => {
    expect(() => one({ claims: [{ claim: 'roles', prefix: '' }] })).toThrow(
      'issuers[0].claims[0].prefix must be a non-empty string',
    );
  });
});

describe('IssuerRegistry', () => {
  const registry = new IssuerRegistry(
    resolveIssuers([
      { issuer: KEYCLOAK, audience: 'orders-api' },
      { issuer: 'https://acme.eu.auth0.com/', audience: 'https://api.example.com' },
    ]),
  );

  it("finds a token's entry by its exact iss", () => {
    expect(registry.find('https://acme.eu.auth0.com/')?.audiences).toEqual(['https://api.example.com']);
    expect(registry.find(KEYCLOAK)?.issuer).toBe(KEYCLOAK);
  });

  it.each([
    `${KEYCLOAK}/`,
    'https://acme.eu.auth0.com',
    'https://SSO.example.com/realms/acme',
    'https://evil.example.net',
    undefined,
    42,
    [KEYCLOAK],
  ])('finds nothing for any other iss (%p)', (iss) => {
    expect(registry.find(iss)).toBeUndefined();
  });
});
