import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WsAdapter } from '@nestjs/platform-ws';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { GroupFinder, JwtTokenService } from 'nestjs-jwt-auth';
import { issueTestTokens, TestClock, type TestGroupFinder, type TestTokens } from '../support/transport-test-kit';
import { WebsocketsAppModule } from './app.module';
import { ConnectionAuthGateway } from './connection-auth.gateway';
import { connectSocketIo, connectWs, type TestSocket } from './socket-clients';

const platforms = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

const socketAdapters = [
  ['ws', (app: INestApplication) => new WsAdapter(app), connectWs, (reason: string) => ({ code: 4401, reason })],
  ['socket.io', (app: INestApplication) => new IoAdapter(app), connectSocketIo, () => ({ reason: 'io server disconnect' })],
] as const;

describe.each(platforms)('a gateway that authenticates connections as they open, over %s', (_, createPlatform) => {
  describe.each(socketAdapters)('with the %s adapter', (__, createSocketAdapter, connectClient, closedFor) => {
    const clock = new TestClock();
    const opened: TestSocket[] = [];
    let app: INestApplication;
    let port: number;
    let tokens: TestTokens;
    let groupFinder: TestGroupFinder;

    const connect = async (token?: string) => {
      const socket = await connectClient(port, token);
      opened.push(socket);
      return socket;
    };

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [WebsocketsAppModule.on(clock, ConnectionAuthGateway)],
      }).compile();
      app = moduleRef.createNestApplication(createPlatform(), { logger: false });
      app.useWebSocketAdapter(createSocketAdapter(app));
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
      tokens = await issueTestTokens(app.get(JwtTokenService), clock);
      groupFinder = app.get(GroupFinder);
    });

    afterEach(() => {
      for (const socket of opened.splice(0)) socket.close();
    });

    afterAll(async () => {
      await app?.close();
    });

    it('ends a connection without a token before it sends anything', async () => {
      const socket = await connect();
      expect(await socket.closed).toEqual(closedFor('token_missing'));
    });

    it('ends a connection with a forged token before it sends anything', async () => {
      const socket = await connect(tokens.forged);
      expect(await socket.closed).toEqual(closedFor('token_invalid'));
    });

    it('keeps a user connected, with the identity resolved at connection for every message', async () => {
      const socket = await connect(tokens.bob);
      socket.send('whoami');
      expect(await socket.next('identity')).toBe('bob');
      socket.send('whoami');
      expect(await socket.next('identity')).toBe('bob');
    });

    it('calls the GroupFinder once per connection, however many messages it sends', async () => {
      groupFinder.calls.length = 0;
      const socket = await connect(tokens.alice);
      for (let message = 0; message < 3; message++) {
        socket.send('whoami');
        expect(await socket.next('identity')).toBe('alice');
      }
      expect(groupFinder.calls).toEqual(['alice']);
    });
  });
});
