import { discoveryUrl, parseDiscoveryDocument, type OidcDiscoveryExpectation } from './oidc-discovery.parser';

const ISSUER = 'https://id.example.com/realms/acme';
const expected: OidcDiscoveryExpectation = { issuer: ISSUER, jwksOrigins: [] };

function parse(document: unknown, expectation: OidcDiscoveryExpectation = expected) {
  return parseDiscoveryDocument(
    typeof document === 'string' ? document : JSON.stringify(document),
    expectation,
  );
}

function code(document: unknown, expectation: OidcDiscoveryExpectation = expected): string | undefined {
  return parse(document, expectation).error?.code;
}

describe('discoveryUrl', () => {
  it('appends the OpenID Connect well-known path to the issuer', () => {
    expect(discoveryUrl('https://id.example.com/realms/acme', 'openid-configuration').href).toBe(
      'https://id.example.com/realms/acme/.well-known/openid-configuration',
    );
  });

  it("does not double the slash of an issuer that ends with one (Auth0's)", () => {
    expect(discoveryUrl('https://acme.eu.auth0.com/', 'openid-configuration').href).toBe(
      'https://acme.eu.auth0.com/.well-known/openid-configuration',
    );
  });

  it("inserts the RFC 8414 well-known path before the issuer's path", () => {
    expect(discoveryUrl('https://id.example.com/tenant/one', 'oauth-authorization-server').href).toBe(
      'https://id.example.com/.well-known/oauth-authorization-server/tenant/one',
    );
  });

  it('uses the bare RFC 8414 well-known path for an issuer without a path', () => {
    expect(discoveryUrl('http://127.0.0.1:4000', 'oauth-authorization-server').href).toBe(
      'http://127.0.0.1:4000/.well-known/oauth-authorization-server',
    );
  });
});

describe('parseDiscoveryDocument', () => {
  it("takes the issuer and the jwks_uri of a document on the issuer's origin", () => {
    const { metadata } = parse({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/protocol/openid-connect/certs`,
      token_endpoint: `${ISSUER}/token`,
    });
    expect(metadata?.issuer).toBe(ISSUER);
    expect(metadata?.jwksUri.href).toBe(`${ISSUER}/protocol/openid-connect/certs`);
  });

  it('refuses text that is not JSON', () => {
    expect(code('<html>Sign in</html>')).toBe('not_json');
  });

  it.each([
    ['an array', [ISSUER]],
    ['a string', ISSUER],
    ['null', null],
    ['a number', 42],
  ])('refuses JSON that is %s, not an object', (_name, document) => {
    expect(code(document)).toBe('not_json');
  });

  it('refuses a document naming another issuer', () => {
    expect(
      code({ issuer: 'https://evil.example.net/realms/acme', jwks_uri: 'https://evil.example.net/certs' }),
    ).toBe('issuer_mismatch');
  });

  it('refuses an issuer that differs only by a trailing slash: the match is exact', () => {
    expect(code({ issuer: `${ISSUER}/`, jwks_uri: `${ISSUER}/certs` })).toBe('issuer_mismatch');
  });

  it('refuses a document of another tenant on the same host', () => {
    expect(
      code({
        issuer: 'https://id.example.com/realms/other',
        jwks_uri: 'https://id.example.com/realms/other/certs',
      }),
    ).toBe('issuer_mismatch');
  });

  it('refuses a document without an issuer', () => {
    expect(code({ jwks_uri: `${ISSUER}/certs` })).toBe('issuer_mismatch');
  });

  it('says what issuer it found, shortened, for the log', () => {
    const { error } = parse({ issuer: 'x'.repeat(5000), jwks_uri: `${ISSUER}/certs` });
    expect(error?.message).toContain(`expected "${ISSUER}"`);
    expect(error!.message.length).toBeLessThan(300);
  });

  it.each([
    ['absent', undefined],
    ['a number', 7],
    ['an array', [`${ISSUER}/certs`]],
  ])('refuses a jwks_uri that is %s', (_name, jwksUri) => {
    expect(code({ issuer: ISSUER, jwks_uri: jwksUri })).toBe('jwks_uri_missing');
  });

  it.each([
    ['relative', '/certs'],
    ['not http(s)', 'file:///etc/passwd'],
    ['carrying credentials', 'https://user:pass@id.example.com/certs'],
  ])('refuses a jwks_uri that is %s', (_name, jwksUri) => {
    expect(code({ issuer: ISSUER, jwks_uri: jwksUri })).toBe('jwks_uri_invalid');
  });

  it('refuses a plain-http jwks_uri for an https issuer', () => {
    expect(code({ issuer: ISSUER, jwks_uri: 'http://id.example.com/realms/acme/certs' })).toBe(
      'jwks_uri_insecure',
    );
  });

  it('refuses a plain-http jwks_uri on loopback for an issuer that is not on loopback', () => {
    expect(code({ issuer: ISSUER, jwks_uri: 'http://127.0.0.1:8080/certs' })).toBe('jwks_uri_insecure');
  });

  it('accepts a plain-http jwks_uri when issuer and keys are both on loopback', () => {
    const issuer = 'http://127.0.0.1:4000';
    expect(
      parse({ issuer, jwks_uri: `${issuer}/jwks` }, { issuer, jwksOrigins: [] }).metadata?.jwksUri.href,
    ).toBe(`${issuer}/jwks`);
  });

  it("refuses a jwks_uri on another origin than the issuer's", () => {
    expect(code({ issuer: ISSUER, jwks_uri: 'https://keys.example.net/certs' })).toBe('jwks_uri_foreign');
  });

  it("refuses a jwks_uri on the issuer's host but another port", () => {
    expect(code({ issuer: ISSUER, jwks_uri: 'https://id.example.com:8443/certs' })).toBe('jwks_uri_foreign');
  });

  it('accepts a jwks_uri on an origin the configuration lists', () => {
    const expectation = {
      issuer: 'https://accounts.google.com',
      jwksOrigins: ['https://www.googleapis.com'],
    };
    const { metadata } = parse(
      { issuer: 'https://accounts.google.com', jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs' },
      expectation,
    );
    expect(metadata?.jwksUri.origin).toBe('https://www.googleapis.com');
  });
});
