import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { OidcTestProvider } from '../support/oidc-provider.harness';
import { createApp, createAppFrom, TITLED_PLATFORMS } from '../support/platforms';
import { RESOURCE, resourceMetadataApp, trustedIssuer, TRUSTED } from './app.module';

const METADATA_PATH = '/.well-known/oauth-protected-resource';
const METADATA_URL = `${RESOURCE}${METADATA_PATH}`;
const SCOPES = 'documents.read documents.write reports.read';

describe.each(TITLED_PLATFORMS)('Scopes and protected resource metadata (%s)', (_title, platform) => {
  let provider: OidcTestProvider;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({
      keys: ['rsa-2048-a'],
      resource: RESOURCE,
      scope: SCOPES,
      clients: [
        { clientId: 'service', clientSecret: 'service-secret' },
        {
          clientId: 'editor',
          clientSecret: 'editor-secret',
          claims: { realm_access: { roles: ['editor'] } },
        },
      ],
    });
    TRUSTED.issuers = [trustedIssuer(provider.issuer)];
  });

  afterAll(() => provider?.stop());

  describe('with resourceMetadata for the resource itself', () => {
    let app: INestApplication;
    const server = () => app.getHttpServer() as Parameters<typeof request>[0];
    const token = (scope?: string, clientId = 'service') => provider.accessToken({ clientId, scope });
    const send = (method: 'get' | 'put', path: string, bearer: string) =>
      request(server())[method](path).set('Authorization', `Bearer ${bearer}`);

    beforeAll(async () => {
      app = await createApp(resourceMetadataApp({ resource: RESOURCE, resourceName: 'Documents' }), platform);
    });

    afterAll(() => app?.close());

    it('publishes the metadata to anyone, cacheable: the issuer, the scopes the routes and scopePermissions name, the header method', async () => {
      const response = await request(server()).get(METADATA_PATH).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control']).toBe('public, max-age=3600');
      expect(response.body).toEqual({
        resource: RESOURCE,
        authorization_servers: [provider.issuer],
        scopes_supported: ['documents.read', 'documents.write', 'reports.read'],
        bearer_methods_supported: ['header'],
        resource_name: 'Documents',
      });
    });

    it("names the metadata in a 401's challenge, with or without a token", async () => {
      const missing = await request(server()).get('/documents').expect(401);
      expect(missing.headers['www-authenticate']).toBe(
        `Bearer realm="api", resource_metadata="${METADATA_URL}"`,
      );
      const invalid = await send('get', '/documents', 'not.a.token').expect(401);
      expect(invalid.headers['www-authenticate']).toMatch(
        new RegExp(`^Bearer realm="api", error="invalid_token", .*, resource_metadata="${METADATA_URL}"$`),
      );
    });

    it('lets a client follow the metadata to the authorization server, and the token it gets there in', async () => {
      const metadata = (await request(server()).get(METADATA_PATH).expect(200)).body as {
        authorization_servers: string[];
      };
      const discovery = (await (
        await fetch(`${metadata.authorization_servers[0]}/.well-known/openid-configuration`)
      ).json()) as { issuer: string; token_endpoint: string };
      expect(discovery.issuer).toBe(provider.issuer);
      expect(discovery.token_endpoint).toBe(provider.tokenEndpoint);
      await send('get', '/documents', await token('documents.read')).expect(200);
    });

    it('grants a permission to a token holding a scope mapped to it', async () => {
      const reader = await token('documents.read');
      await send('get', '/documents', reader).expect(200);
      const writer = await token('documents.write');
      await send('get', '/documents', writer).expect(200);
      await send('put', '/documents', writer).expect(200, { written: true });
    });

    it('answers 403 insufficient_scope naming a scope that grants the permission, when the token has none', async () => {
      const reader = await token('documents.read');
      const refused = await send('put', '/documents', reader).expect(403);
      expect(refused.headers['www-authenticate']).toMatch(
        /^Bearer realm="api", error="insufficient_scope", .*, scope="documents.write"$/,
      );
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'scope_missing' });
      const bare = await send('get', '/documents', await token()).expect(403);
      expect(bare.headers['www-authenticate']).toMatch(/, scope="documents.read"$/);
    });

    it('grants through an ACL entry too: the realm role editor edits without the scope', async () => {
      const editor = await token(undefined, 'editor');
      await send('put', '/documents', editor).expect(200);
    });

    it("lets a resource's own ACL deny what a scope grants, and then names no scope", async () => {
      const writer = await token('documents.write');
      const refused = await send('put', '/documents/locked', writer).expect(403);
      expect(refused.body).toMatchObject({ code: 'permission_denied' });
      expect(refused.headers['www-authenticate']).not.toMatch(/scope="/);
    });

    it('keeps @Scopes() beside them: the scope a route requires is still required', async () => {
      const refused = await send('get', '/reports', await token('documents.write')).expect(403);
      expect(refused.headers['www-authenticate']).toMatch(/, scope="reports.read"$/);
      await send('get', '/reports', await token('reports.read')).expect(200);
    });
  });

  describe('for a resource with a path, under a global prefix', () => {
    const resource = `${RESOURCE}/v2`;
    const path = `${METADATA_PATH}/v2`;

    it('serves the metadata at the path-suffixed well-known URL when the prefix excludes it, and names it in 401s', async () => {
      const app = await createAppFrom(
        Test.createTestingModule({ imports: [resourceMetadataApp({ resource })] }),
        platform,
        (created) => created.setGlobalPrefix('api', { exclude: [path.slice(1)] }),
      );
      try {
        const response = await request(app.getHttpServer()).get(path).expect(200);
        expect(response.body).toMatchObject({ resource, authorization_servers: [provider.issuer] });
        await request(app.getHttpServer()).get(METADATA_PATH).expect(404);
        const refused = await request(app.getHttpServer()).get('/api/documents').expect(401);
        expect(refused.headers['www-authenticate']).toBe(
          `Bearer realm="api", resource_metadata="${RESOURCE}${path}"`,
        );
      } finally {
        await app.close();
      }
    });

    it('refuses to start when the global prefix would move the metadata away from its well-known URL', async () => {
      const starting = createAppFrom(
        Test.createTestingModule({ imports: [resourceMetadataApp({ resource })] }),
        platform,
        (created) => created.setGlobalPrefix('api'),
      );
      await expect(starting).rejects.toThrow(
        `must be served at ${path}, where clients look for it (RFC 9728 §3.1), but the application serves it at /api${path}`,
      );
    });
  });

  describe('without resourceMetadata', () => {
    it('serves no metadata and names none in its challenges', async () => {
      const app = await createApp(resourceMetadataApp(), platform);
      try {
        await request(app.getHttpServer()).get(METADATA_PATH).expect(404);
        const refused = await request(app.getHttpServer()).get('/documents').expect(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer realm="api"');
      } finally {
        await app.close();
      }
    });
  });
});
