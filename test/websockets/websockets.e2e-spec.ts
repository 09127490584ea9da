import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WsAdapter } from '@nestjs/platform-ws';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { Authenticated, Everyone, JwtTokenService, WS_CLOSE_UNAUTHORIZED } from 'nestjs-jwt-auth';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { WebsocketsAppModule } from './app.module';
import { connectSocketIo, connectWs, type TestSocket, type TokenPlacement } from './socket-clients';

const platforms = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

const socketAdapters = [
  {
    name: 'ws',
    createAdapter: (app: INestApplication) => new WsAdapter(app),
    connect: connectWs,
    browserPlacement: 'query' as TokenPlacement,
    closedForBadCredentials: (code: string) => ({ code: WS_CLOSE_UNAUTHORIZED, reason: code }),
  },
  {
    name: 'socket.io',
    createAdapter: (app: INestApplication) => new IoAdapter(app),
    connect: connectSocketIo,
    browserPlacement: 'auth' as TokenPlacement,
    closedForBadCredentials: () => ({ reason: 'io server disconnect' }),
  },
] as const;

const refusal = (code: string, message: string) => ({ status: 'error', code, message });

describe.each(platforms)('WebSockets over %s', (platformName, createPlatform) => {
  describe.each(socketAdapters)('with the $name adapter', (socketAdapter) => {
    const clock = new TestClock();
    const opened: TestSocket[] = [];
    let app: INestApplication;
    let port: number;
    let tokens: TestTokens;

    const connect = async (token?: string, placement: TokenPlacement = 'header') => {
      const socket = await socketAdapter.connect(port, token, placement);
      opened.push(socket);
      return socket;
    };

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [WebsocketsAppModule.on(clock)] }).compile();
      app = moduleRef.createNestApplication(createPlatform(), { logger: false });
      app.useWebSocketAdapter(socketAdapter.createAdapter(app));
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
      tokens = await issueTestTokens(app.get(JwtTokenService), clock);
    });

    afterEach(() => {
      for (const socket of opened.splice(0)) socket.close();
    });

    afterAll(async () => {
      await app?.close();
    });

    it('refuses a message that needs a user when the handshake has no token, and keeps the socket open', async () => {
      const socket = await connect();
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(refusal('token_missing', 'No access token was provided'));
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
    });

    it('refuses a forged token with an exception event, then disconnects the socket', async () => {
      const socket = await connect(tokens.forged);
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(refusal('token_invalid', 'The access token is invalid'));
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_invalid'));
    });

    it('refuses an expired token with an exception event, then disconnects the socket', async () => {
      const socket = await connect(tokens.expired);
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(refusal('token_expired', 'The access token has expired'));
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_expired'));
    });

    it('refuses the valid token of a user the GroupFinder refuses, then disconnects the socket', async () => {
      const socket = await connect(tokens.carol);
      socket.send('whoami');
      expect(await socket.next('exception')).toMatchObject({ status: 'error', code: 'user_unknown' });
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('user_unknown'));
    });

    it('refuses a message that needs a permission the user lacks, and keeps the socket open', async () => {
      const socket = await connect(tokens.bob);
      socket.send('broadcast', 'hi');
      expect(await socket.next('exception')).toEqual(
        refusal('permission_denied', 'The access token does not grant the permission this request needs'),
      );
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId: 'bob' });
    });

    it('runs a message that needs a permission for a user with it', async () => {
      const socket = await connect(tokens.alice);
      socket.send('broadcast', 'hi');
      expect(await socket.next('broadcasted')).toBe('alice: hi');
    });

    it('hands the claims, the user id and the principals to the handler through the decorators', async () => {
      const socket = await connect(tokens.alice);
      socket.send('whoami');
      expect(await socket.next('identity')).toEqual({
        userId: 'alice',
        principals: [Everyone, Authenticated, 'alice', 'admin'],
        name: 'Alice',
      });
    });

    it(`reads the token a browser sends in the handshake ${socketAdapter.browserPlacement}`, async () => {
      const socket = await connect(tokens.alice, socketAdapter.browserPlacement);
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId: 'alice' });
    });

    it('lets a public message through as anonymous with a bad token, without disconnecting', async () => {
      const socket = await connect(tokens.forged);
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
    });

    it('turns a connection anonymous once its token expires, then disconnects it', async () => {
      const socket = await connect(tokens.alice);
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId: 'alice' });
      clock.advance(3600);
      try {
        socket.send('whoami');
        expect(await socket.next('exception')).toEqual(refusal('token_expired', 'The access token has expired'));
      } finally {
        clock.advance(-3600);
      }
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_expired'));
    });
  });
});
