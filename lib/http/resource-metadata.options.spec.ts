import { resolveResourceMetadataOptions } from './resource-metadata.options';

describe('resourceMetadata', () => {
  it('serves a resource without a path at the well-known path itself', () => {
    expect(resolveResourceMetadataOptions({ resource: 'https://api.example.com' })).toMatchObject({
      resource: 'https://api.example.com',
      path: '/.well-known/oauth-protected-resource',
      url: 'https://api.example.com/.well-known/oauth-protected-resource',
    });
    expect(resolveResourceMetadataOptions({ resource: 'https://api.example.com/' }).path).toBe(
      '/.well-known/oauth-protected-resource',
    );
  });

  it("puts the well-known segment between the host and a resource's path (RFC 9728 §3.1)", () => {
    expect(resolveResourceMetadataOptions({ resource: 'https://example.com:8443/orders/v2' })).toMatchObject({
      resource: 'https://example.com:8443/orders/v2',
      path: '/.well-known/oauth-protected-resource/orders/v2',
      url: 'https://example.com:8443/.well-known/oauth-protected-resource/orders/v2',
    });
  });

  it('keeps the resource exactly as given, since clients compare it as a string', () => {
    expect(resolveResourceMetadataOptions({ resource: 'https://API.example.com' }).resource).toBe(
      'https://API.example.com',
    );
  });

  it('accepts http on localhost only', () => {
    expect(resolveResourceMetadataOptions({ resource: 'http://127.0.0.1:3000' }).path).toBe(
      '/.well-known/oauth-protected-resource',
    );
    expect(() => resolveResourceMetadataOptions({ resource: 'http://api.example.com' })).toThrow(
      `"resourceMetadata.resource" must be the API's https URL (http on localhost only)`,
    );
  });

  it.each([
    ['no URL', 'api.example.com'],
    ['a query', 'https://api.example.com/?tenant=a'],
    ['a fragment', 'https://api.example.com/#x'],
    ['credentials', 'https://user:pass@api.example.com'],
    ['another scheme', 'urn:example:api'],
    ['nothing', undefined],
  ])('refuses a resource with %s', (_what, resource) => {
    expect(() => resolveResourceMetadataOptions({ resource })).toThrow(
      'without credentials, query or fragment',
    );
  });

  it('refuses a path a route could not serve as written', () => {
    expect(() => resolveResourceMetadataOptions({ resource: 'https://api.example.com/:tenant' })).toThrow(
      'has a path with characters a route cannot serve as written',
    );
  });

  it('checks the optional fields', () => {
    expect(
      resolveResourceMetadataOptions({
        resource: 'https://api.example.com',
        authorizationServers: ['https://sso.example.com/realms/acme', 'https://sso.example.com/realms/acme'],
        scopesSupported: ['documents.read'],
        resourceName: 'Documents',
        resourceDocumentation: 'https://docs.example.com/api',
      }),
    ).toMatchObject({
      authorizationServers: ['https://sso.example.com/realms/acme'],
      scopesSupported: ['documents.read'],
      resourceName: 'Documents',
      resourceDocumentation: 'https://docs.example.com/api',
    });
    const resource = 'https://api.example.com';
    expect(() => resolveResourceMetadataOptions({ resource, authorizationServers: 'https://sso' })).toThrow(
      '"resourceMetadata.authorizationServers" must be an array of issuer URLs',
    );
    expect(() => resolveResourceMetadataOptions({ resource, scopesSupported: ['two words'] })).toThrow(
      '"resourceMetadata.scopesSupported" must be an array of scope names',
    );
    expect(() => resolveResourceMetadataOptions({ resource, resourceName: ' ' })).toThrow(
      '"resourceMetadata.resourceName" must be a non-empty string',
    );
    expect(() => resolveResourceMetadataOptions({ resource, resourceDocumentation: 'docs' })).toThrow(
      '"resourceMetadata.resourceDocumentation" must be an http(s) URL',
    );
  });

  it('refuses an unknown key, naming the known ones', () => {
    expect(() =>
      resolveResourceMetadataOptions({ resource: 'https://api.example.com', bearerMethods: ['header'] }),
    ).toThrow(
      '"resourceMetadata" has no option "bearerMethods"; its options are resource, authorizationServers',
    );
  });

  it.each([[undefined], ['https://api.example.com'], [[]]])(
    'refuses %p, which is not an object',
    (option) => {
      expect(() => resolveResourceMetadataOptions(option)).toThrow('"resourceMetadata" must be an object');
    },
  );
});
