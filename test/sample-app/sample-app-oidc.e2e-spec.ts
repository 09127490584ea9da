import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from 'graphql-ws';
import { Authenticated, Everyone } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { AppModule } from '../../sample-app/app.module';
import { connectGraphqlWs, subscribe } from '../graphql-subscriptions/subscription-client';
import { OidcTestProvider } from '../support/oidc-provider.harness';
import { createApp, TITLED_PLATFORMS, type Platform } from '../support/platforms';

const AUDIENCE = 'https://sample-api.example.test';

/** The sample app with OIDC_ISSUER and OIDC_AUDIENCE naming `provider`, on `platform`. */
async function startSample(provider: OidcTestProvider, platform: Platform): Promise<INestApplication> {
  Object.assign(process.env, {
    JWT_SECRET: randomBytes(64).toString('base64url'),
    OIDC_ISSUER: provider.issuer,
    OIDC_AUDIENCE: AUDIENCE,
  });
  return createApp(AppModule, platform);
}

describe.each(TITLED_PLATFORMS)(
  "sample app with OIDC_ISSUER: a provider's tokens beside its own (%s)",
  (_title, platform) => {
    const saved = { ...process.env };
    let provider: OidcTestProvider;
    let stranger: OidcTestProvider;
    let app: INestApplication;

    beforeAll(async () => {
      [provider, stranger] = await Promise.all([
        OidcTestProvider.start({
          resource: AUDIENCE,
          clients: [
            { clientId: 'service', clientSecret: 'service-secret' },
            // A provider's client whose `sub` is the name of one of the sample's own users.
            { clientId: 'alice', clientSecret: 'alice-secret' },
          ],
        }),
        OidcTestProvider.start({ keys: ['rsa-2048-b'], resource: AUDIENCE }),
      ]);
      app = await startSample(provider, platform);
      // Booting the whole sample app (and scrypt logins) takes seconds on a busy two-core machine.
    }, 30_000);
    afterAll(async () => {
      await app?.close();
      await Promise.all([provider?.stop(), stranger?.stop()]);
      process.env = saved;
    });

    const get = (path: string, token: string) =>
      request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

    it("accepts the provider's access token, found by discovery, its scopes as principals", async () => {
      const token = await provider.accessToken({ scope: 'documents.read' });
      const me = await get('/me', token).expect(200);
      expect(me.body).toMatchObject({
        userId: 'service',
        principals: [Everyone, Authenticated, 'user:service', 'scope:documents.read'],
      });
      await get('/documents', token).expect(200);
    });

    it('still accepts its own tokens, with the groups of its own users', async () => {
      const login = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'alice', password: 'alice-password' })
        .expect(200);
      await get('/admin', login.body.access_token as string).expect(200, 'Admin content');
    });

    it("never gives a provider's user the groups of the sample's user of the same name", async () => {
      const token = await provider.accessToken({ clientId: 'alice' });
      const me = await get('/me', token).expect(200);
      expect(me.body.principals).toEqual([Everyone, Authenticated, 'user:alice']);
      await get('/admin', token).expect(403);
    });

    it('refuses the token of a provider it was not told about', async () => {
      await get('/protected', await stranger.accessToken()).expect(401);
    });
  },
);

describe("sample app with OIDC_ISSUER: the announcements subscription with a provider's token (express)", () => {
  const saved = { ...process.env };
  const clients: Client[] = [];
  let provider: OidcTestProvider;
  let app: INestApplication;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({ resource: AUDIENCE });
    app = await startSample(provider, 'express');
    await app.listen(0, '127.0.0.1');
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.dispose()));
    await app?.close();
    await provider?.stop();
    process.env = saved;
  });

  it("delivers alice's announcement to a subscriber authenticated by the provider's token", async () => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const client = connectGraphqlWs(port, { authorization: `Bearer ${await provider.accessToken()}` });
    clients.push(client);
    const subscription = subscribe(client, 'subscription { announcements { from text } }');
    const login = await request(app.getHttpServer())
      .post('/auth/login')
      .send({ username: 'alice', password: 'alice-password' });
    let heard = false;
    const first = subscription.event(0).then((event) => ((heard = true), event));
    // Nothing tells the client when the server listens: announce until the subscriber hears one.
    while (!heard) {
      await request(app.getHttpServer())
        .post('/graphql')
        .set('Authorization', `Bearer ${login.body.access_token}`)
        .send({ query: 'mutation { announce(text: "maintenance at six") { text } }' })
        .expect(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await first).toEqual({ data: { announcements: { from: 'Alice', text: 'maintenance at six' } } });
  });
});
