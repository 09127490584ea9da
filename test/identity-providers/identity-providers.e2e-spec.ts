import type { INestApplication } from '@nestjs/common';
import { Authenticated, Everyone } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { OidcTestProvider } from '../support/oidc-provider.harness';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { IdentityProvidersAppModule, keycloakLike, RESOURCE, TRUSTED } from './app.module';

// Keycloak's shape: realm roles, and the roles of one client, in the access token.
const ADMIN_CLAIMS = {
  realm_access: { roles: ['admin'] },
  resource_access: { orders: { roles: ['approve'] }, other: { roles: ['root'] } },
};

describe.each(TITLED_PLATFORMS)(
  'Tokens of a real OpenID provider, found by discovery (%s)',
  (_title, platform) => {
    let provider: OidcTestProvider;
    let stranger: OidcTestProvider;
    let app: INestApplication;

    const get = (path: string, token: string) =>
      request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

    beforeAll(async () => {
      [provider, stranger] = await Promise.all([
        OidcTestProvider.start({
          keys: ['rsa-2048-a'],
          resource: RESOURCE,
          clients: [
            { clientId: 'service', clientSecret: 'service-secret' },
            { clientId: 'admin-client', clientSecret: 'admin-secret', claims: ADMIN_CLAIMS },
          ],
        }),
        // Another provider, running and issuing tokens for the same resource, that the API does not list.
        OidcTestProvider.start({ keys: ['rsa-2048-b'], resource: RESOURCE }),
      ]);
      // The provider issues RFC 9068 access tokens: the profile's checks hold for real tokens.
      TRUSTED.issuers = [keycloakLike(provider.issuer, { profile: 'at+jwt' })];
      app = await createApp(IdentityProvidersAppModule, platform);
    }, 30_000);

    afterAll(async () => {
      await app?.close();
      await Promise.all([provider?.stop(), stranger?.stop()]);
    });

    it("fetches the discovery document, then its jwks_uri, and accepts the provider's access token", async () => {
      const token = await provider.accessToken({ scope: 'documents.read' });
      await provider.takeRequests();
      const response = await get('/whoami', token).expect(200);
      expect(response.body).toEqual({
        userId: 'service',
        clientId: 'service',
        principals: [Everyone, Authenticated, 'user:service', 'scope:documents.read'],
      });
      expect(await provider.takeRequests()).toEqual(['GET /.well-known/openid-configuration', 'GET /jwks']);
    });

    it('verifies further tokens from the cached keys, fetching nothing', async () => {
      const token = await provider.accessToken();
      await provider.takeRequests();
      await get('/whoami', token).expect(200);
      expect(await provider.takeRequests()).toEqual([]);
    });

    it('maps Keycloak realm and client roles to principals that @Permission checks', async () => {
      const admin = await provider.accessToken({ clientId: 'admin-client' });
      const service = await provider.accessToken({ clientId: 'service' });
      const principals = (await get('/whoami', admin).expect(200)).body.principals;
      expect(principals).toEqual([
        Everyone,
        Authenticated,
        'user:admin-client',
        'role:admin',
        'client-role:orders:approve',
      ]);
      await request(app.getHttpServer())
        .delete('/documents')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200, { purged: true });
      await get('/approvals', admin).expect(200);
      await request(app.getHttpServer())
        .delete('/documents')
        .set('Authorization', `Bearer ${service}`)
        .expect(403);
      const refused = await get('/approvals', service).expect(403);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="insufficient_scope"/);
    });

    it('answers 403 insufficient_scope naming the scopes a route needs, when the token lacks one', async () => {
      const reader = await provider.accessToken({ scope: 'documents.read' });
      const refused = await request(app.getHttpServer())
        .put('/documents')
        .set('Authorization', `Bearer ${reader}`)
        .expect(403);
      expect(refused.headers['www-authenticate']).toMatch(
        /^Bearer realm="api", error="insufficient_scope", .*, scope="documents.write"$/,
      );
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'scope_missing' });
      const writer = await provider.accessToken({ scope: 'documents.read documents.write' });
      await request(app.getHttpServer())
        .put('/documents')
        .set('Authorization', `Bearer ${writer}`)
        .expect(200, { written: true });
    });

    it('answers 401, not 403, to a request without a token on a route that needs scopes', async () => {
      const response = await request(app.getHttpServer()).put('/documents').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    });

    it('checks scopes and the permission both', async () => {
      const scopes = 'documents.read documents.write';
      // The scopes but not the role; the role but not the scopes; both.
      await get('/audit', await provider.accessToken({ clientId: 'service', scope: scopes })).expect(403);
      const adminReader = await get(
        '/audit',
        await provider.accessToken({ clientId: 'admin-client', scope: 'documents.read' }),
      ).expect(403);
      expect(adminReader.headers['www-authenticate']).toMatch(/scope="documents.read documents.write"$/);
      await get('/audit', await provider.accessToken({ clientId: 'admin-client', scope: scopes })).expect(
        200,
      );
    });

    it('refuses a token of a provider it does not list, without sending that provider a single request', async () => {
      const token = await stranger.accessToken();
      await stranger.takeRequests();
      await provider.takeRequests();
      const response = await get('/whoami', token).expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
      expect(await stranger.takeRequests()).toEqual([]);
      expect(await provider.takeRequests()).toEqual([]);
    });

    it("picks up the provider's key rotation: a token of the new key refetches the JWK Set, not the discovery document", async () => {
      const before = await provider.accessToken();
      await provider.rotateKeys(['rsa-2048-b', 'rsa-2048-a']);
      const after = await provider.accessToken();
      expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid).toBe('rsa-2048-b');
      await provider.takeRequests();
      await get('/whoami', after).expect(200);
      expect(await provider.takeRequests()).toEqual(['GET /jwks']);
      // The old key is still published: its tokens stay good.
      await get('/whoami', before).expect(200);
    });
  },
);
