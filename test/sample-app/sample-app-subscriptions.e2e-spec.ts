import type { INestApplication } from '@nestjs/common';
import type { Client } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppModule } from '../../sample-app/app.module';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { connectGraphqlWs, subscribe } from '../graphql-subscriptions/subscription-client';

const ANNOUNCEMENTS = 'subscription { announcements { from text } }';

// The sample's subscription beside its GraphQL endpoint: admins announce, users hear it over
// graphql-ws. Subscriptions are tested in depth in test/graphql-subscriptions.
describe.each(TITLED_PLATFORMS)('sample app GraphQL subscription over graphql-ws (%s)', (_, platform) => {
  const saved = { ...process.env };
  const clients: Client[] = [];
  const tokens: Record<string, string> = {};
  let app: INestApplication;
  let port: number;

  const connect = (token?: string) => {
    const client = connectGraphqlWs(port, token === undefined ? undefined : { authorization: `Bearer ${token}` });
    clients.push(client);
    return client;
  };
  const announce = (text: string, user = 'alice') =>
    request(app.getHttpServer())
      .post('/graphql')
      .set('Authorization', `Bearer ${tokens[user]}`)
      .send({ query: 'mutation($text: String!) { announce(text: $text) { text } }', variables: { text } });

  beforeAll(async () => {
    process.env.JWT_SECRET = randomBytes(64).toString('base64url');
    app = await createApp(AppModule, platform);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    for (const user of ['alice', 'bob']) {
      const login = await request(app.getHttpServer()).post('/auth/login').send({ username: user, password: `${user}-password` });
      tokens[user] = login.body.access_token;
    }
    // Booting the whole sample app (and scrypt logins) takes seconds on a busy two-core machine.
  }, 30_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(async () => {
    await app?.close();
    process.env = saved;
  });

  it("delivers alice's announcement to bob, subscribed with the token of his login", async () => {
    const subscription = subscribe(connect(tokens.bob), ANNOUNCEMENTS);
    let heard = false;
    const first = subscription.event(0).then((event) => ((heard = true), event));
    // Nothing tells the client when the server listens: announce until bob hears one.
    while (!heard) {
      await announce('release at noon').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await first).toEqual({ data: { announcements: { from: 'Alice', text: 'release at noon' } } });
  });

  it('closes an anonymous connection with 4401', async () => {
    const subscription = subscribe(connect(), ANNOUNCEMENTS);
    await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_missing' } });
  });

  it('closes a connection with a bad token with 4401', async () => {
    const subscription = subscribe(connect('not-a-token'), ANNOUNCEMENTS);
    await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_invalid' } });
  });

  it('refuses the announce mutation to bob with FORBIDDEN', async () => {
    const response = await announce('hi', 'bob').expect(200);
    expect(response.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
  });
});
