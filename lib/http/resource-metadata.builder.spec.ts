import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { buildResourceMetadata } from './resource-metadata.builder';
import { resolveResourceMetadataOptions, type ResourceMetadataOptions } from './resource-metadata.options';

const SECRET = 's'.repeat(64);
const RESOURCE = 'https://api.example.com';
const KEYCLOAK = 'https://sso.example.com/realms/acme';

function build(
  options: Partial<JwtAuthOptions>,
  metadata: Partial<ResourceMetadataOptions> = {},
  scopes: string[] = [],
) {
  return buildResourceMetadata(
    resolveResourceMetadataOptions({ resource: RESOURCE, ...metadata }),
    resolveJwtAuthOptions({ secret: SECRET, ...options }),
    scopes,
  );
}

describe('buildResourceMetadata', () => {
  it('says only what it knows of an API that issues its own tokens: the resource and the header method', () => {
    expect(build({})).toEqual({ resource: RESOURCE, bearer_methods_supported: ['header'] });
  });

  it('lists the issuers named by URL as authorization servers', () => {
    const metadata = build({
      issuers: [
        { issuer: KEYCLOAK, audience: RESOURCE },
        {
          issuer: 'legacy-service',
          audience: RESOURCE,
          keys: [{ kid: 'k', secret: SECRET, algorithm: 'HS512' }],
          algorithms: ['HS512'],
        },
      ],
    });
    expect(metadata.authorization_servers).toEqual([KEYCLOAK]);
  });

  it("lists issuer when the module's keys come from its jwksUri, not when the API signs them itself", () => {
    expect(
      buildResourceMetadata(
        resolveResourceMetadataOptions({ resource: RESOURCE }),
        resolveJwtAuthOptions({ jwksUri: `${KEYCLOAK}/certs`, issuer: KEYCLOAK }),
        [],
      ).authorization_servers,
    ).toEqual([KEYCLOAK]);
    expect(build({ issuer: 'https://api.example.com' }).authorization_servers).toBeUndefined();
  });

  it('lists the scopes of the routes and of scopePermissions, once each, sorted', () => {
    const metadata = build(
      { scopePermissions: { 'documents.write': 'edit', 'documents.read': 'view' } },
      {},
      ['reports.read', 'documents.read', 'reports.read'],
    );
    expect(metadata.scopes_supported).toEqual(['documents.read', 'documents.write', 'reports.read']);
  });

  it('takes the authorization servers and scopes given instead of those found', () => {
    const metadata = build(
      { issuers: [{ issuer: KEYCLOAK, audience: RESOURCE }] },
      { authorizationServers: ['https://login.example.com'], scopesSupported: ['api'] },
      ['documents.read'],
    );
    expect(metadata).toMatchObject({
      authorization_servers: ['https://login.example.com'],
      scopes_supported: ['api'],
    });
  });

  it('lists no bearer method when the token is not read from Authorization: Bearer', () => {
    expect(build({ httpHeader: 'X-Token' }).bearer_methods_supported).toEqual([]);
    expect(build({ authType: 'JWT' }).bearer_methods_supported).toEqual([]);
  });

  it('adds the name and documentation given', () => {
    expect(
      build({}, { resourceName: 'Documents', resourceDocumentation: 'https://docs.example.com' }),
    ).toMatchObject({
      resource_name: 'Documents',
      resource_documentation: 'https://docs.example.com',
    });
  });
});
