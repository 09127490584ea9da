import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from 'graphql-ws';
import request from 'supertest';
import { AppModule } from '../../sample-app/app.module';
import { connectGraphqlWs, subscribe } from '../graphql-subscriptions/subscription-client';
import { createApp } from '../support/platforms';
import { connectSocketIo } from '../websockets/socket-clients';

const ANNOUNCEMENTS = 'subscription { announcements { from text } }';

// The sample's GraphQL endpoint (with its subscription over graphql-ws) and socket.io gateway,
// wired in its AppModule next to the REST routes; the transports themselves are tested in depth in
// test/graphql, test/graphql-subscriptions and test/websockets.
describe('sample app over GraphQL and socket.io (express)', () => {
  const saved = { ...process.env };
  const clients: Client[] = [];
  let app: INestApplication;
  let port: number;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    process.env.JWT_SECRET = randomBytes(64).toString('base64url');
    app = await createApp(AppModule, 'express');
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    for (const user of ['alice', 'bob']) {
      const login = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: user, password: `${user}-password` });
      tokens[user] = login.body.access_token;
    }
    // Booting the whole sample app (and scrypt logins) takes seconds on a busy two-core machine.
  }, 30_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.dispose()));
  });
  afterAll(async () => {
    await app?.close();
    process.env = saved;
  });

  const graphql = (query: string, user?: string) => {
    const call = request(app.getHttpServer()).post('/graphql').send({ query });
    return user ? call.set('Authorization', `Bearer ${tokens[user]}`) : call;
  };

  it('answers the admin query to alice', async () => {
    const response = await graphql('{ adminContent }', 'alice').expect(200);
    expect(response.body.data).toEqual({ adminContent: 'Admin content' });
  });

  it('refuses it to bob with a FORBIDDEN GraphQL error', async () => {
    const response = await graphql('{ adminContent }', 'bob').expect(200);
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses an anonymous protected query with UNAUTHENTICATED', async () => {
    const response = await graphql('{ protectedContent }').expect(200);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  describe('the announcements subscription', () => {
    const connect = (token?: string) => {
      const client = connectGraphqlWs(
        port,
        token === undefined ? undefined : { authorization: `Bearer ${token}` },
      );
      clients.push(client);
      return client;
    };
    const announce = (text: string, user = 'alice') =>
      graphql(`mutation { announce(text: ${JSON.stringify(text)}) { text } }`, user);

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

  it("tells bob who he is over socket.io, with the handshake's token", async () => {
    const socket = await connectSocketIo(port, tokens.bob, 'auth');
    socket.send('whoami');
    expect(await socket.next('identity')).toMatchObject({ userId: 'bob' });
    socket.close();
  });

  it('disconnects a socket whose token is bad as soon as it connects', async () => {
    const socket = await connectSocketIo(port, 'not-a-token', 'auth');
    expect(await socket.closed).toEqual({ reason: 'io server disconnect' });
  });
});
