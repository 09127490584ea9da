// NestJS 12 applies global guards (APP_GUARD) to gateways; NestJS 11 does not, so there a gateway
// needs @UseGuards(JwtAuthGuard) (see docs/transports.md). .ci/nest11.sh leaves this file out.
import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WsAdapter } from '@nestjs/platform-ws';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { JwtTokenService } from 'nestjs-jwt-auth';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { WebsocketsAppModule } from './app.module';
import { GlobalGuardOnlyGateway } from './global-guard.gateway';
import { connectSocketIo, connectWs, type TestSocket } from './socket-clients';

const platforms = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

const socketAdapters = [
  ['ws', (app: INestApplication) => new WsAdapter(app), connectWs],
  ['socket.io', (app: INestApplication) => new IoAdapter(app), connectSocketIo],
] as const;

describe.each(platforms)('a gateway behind the global guard alone, over %s', (_, createPlatform) => {
  describe.each(socketAdapters)('with the %s adapter', (__, createSocketAdapter, connectClient) => {
    const clock = new TestClock();
    const opened: TestSocket[] = [];
    let app: INestApplication;
    let port: number;
    let tokens: TestTokens;

    const connect = async (token?: string) => {
      const socket = await connectClient(port, token);
      opened.push(socket);
      return socket;
    };

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [WebsocketsAppModule.on(clock, GlobalGuardOnlyGateway)],
      }).compile();
      app = moduleRef.createNestApplication(createPlatform(), { logger: false });
      app.useWebSocketAdapter(createSocketAdapter(app));
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

    it('refuses a message that needs a user when the handshake has no token', async () => {
      const socket = await connect();
      socket.send('whoami');
      expect(await socket.next('exception')).toMatchObject({ status: 'error', code: 'token_missing' });
    });

    it('runs it for the user of a valid token', async () => {
      const socket = await connect(tokens.bob);
      socket.send('whoami');
      expect(await socket.next('identity')).toBe('bob');
    });
  });
});
