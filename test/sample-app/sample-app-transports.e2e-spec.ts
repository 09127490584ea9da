import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppModule } from '../../sample-app/app.module';
import { createApp } from '../support/platforms';
import { connectSocketIo } from '../websockets/socket-clients';

// The sample's GraphQL endpoint and socket.io gateway, wired in its AppModule next to the REST
// routes; the transports themselves are tested in depth in test/graphql and test/websockets.
describe('sample app over GraphQL and socket.io (express)', () => {
  const saved = { ...process.env };
  let app: INestApplication;
  let port: number;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    process.env.JWT_SECRET = randomBytes(64).toString('base64url');
    app = await createApp(AppModule, 'express');
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    for (const user of ['alice', 'bob']) {
      const login = await request(app.getHttpServer()).post('/auth/login').send({ username: user, password: `${user}-password` });
      tokens[user] = login.body.access_token;
    }
    // Booting the whole sample app (and scrypt logins) takes seconds on a busy two-core machine.
  }, 30_000);
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
