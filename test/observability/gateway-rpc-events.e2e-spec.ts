import { firstValueFrom } from 'rxjs';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import { startTcpScenario, type TcpScenario } from '../microservices/tcp-microservice';
import { TITLED_PLATFORMS } from '../support/platforms';
import { ConnectionAuthGateway } from '../websockets/connection-auth.gateway';
import { SOCKET_ADAPTERS, useSocketApp } from '../websockets/socket-app';
import { expectNoSecretIn, recordEvents, type RecordedEvent } from './event-recorder';
import { anonymousRefused, bobAuthenticated, bobDenied, callOn } from './expected-events';
import { GatewayEventsModule, LedgerGateway, RpcEventsModule, TRANSPORT_SECRET } from './transports.app';

describe.each(TITLED_PLATFORMS)('auth events of gateway messages over %s', (_, platform) => {
  describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
    const server = useSocketApp({
      platform,
      socketAdapter,
      gateway: LedgerGateway,
      module: GatewayEventsModule.on,
    });
    let heard: RecordedEvent[];
    let all: RecordedEvent[];
    const sent: string[] = [];
    const token = async (user: string) => {
      const issued = await server.app.get(JwtTokenService).createToken(user);
      sent.push(issued);
      return issued;
    };

    beforeAll(() => {
      all = recordEvents(server.app).heard;
    });
    beforeEach(() => {
      heard = recordEvents(server.app).heard;
    });

    it('emits authenticated with the ws transport and the gateway method', async () => {
      const socket = await server.connect(await token('bob'));
      socket.send('balance');
      expect(await socket.next('balance')).toBe('balance of bob');
      expect(heard).toEqual([bobAuthenticated(callOn('ws', 'LedgerGateway.balance'))]);
    });

    it('emits refused with its code for an anonymous message', async () => {
      const socket = await server.connect();
      socket.send('balance');
      await socket.next('exception');
      expect(heard).toEqual([anonymousRefused(callOn('ws', 'LedgerGateway.balance'), 'token_missing')]);
    });

    it('emits permissionDenied with the permission, the deciding ACE and the resource, then refused', async () => {
      const socket = await server.connect(await token('bob'));
      socket.send('addEntry');
      expect(await socket.next('exception')).toMatchObject({ code: 'permission_denied' });
      expect(heard).toEqual(bobDenied(callOn('ws', 'LedgerGateway.addEntry')));
    });

    it('carries no token and no secret in any event', () => {
      expect(all.length).toBeGreaterThanOrEqual(5);
      expectNoSecretIn(all, [...sent, TRANSPORT_SECRET]);
    });
  });
});

describe.each(TITLED_PLATFORMS)(
  'auth events of a gateway that authenticates connections as they open, over %s',
  (_, platform) => {
    describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
      const server = useSocketApp({ platform, socketAdapter, gateway: ConnectionAuthGateway });

      it('emits authenticated once, from handleConnection, with (connection) as its handler', async () => {
        const heard = recordEvents(server.app).heard;
        const socket = await server.connect(server.tokens.bob);
        socket.send('whoami');
        expect(await socket.next('identity')).toBe('bob');
        socket.send('whoami');
        expect(await socket.next('identity')).toBe('bob');
        expect(heard).toEqual([
          [
            'authenticated',
            expect.objectContaining({
              transport: 'ws',
              handler: '(connection)',
              route: undefined,
              userId: 'bob',
            }),
          ],
        ]);
      });
    });
  },
);

describe('auth events of microservice (TCP) message patterns', () => {
  let scenario: TcpScenario;
  let heard: RecordedEvent[];
  let all: RecordedEvent[];
  const sent: string[] = [];
  const send = (pattern: string, data: unknown) => firstValueFrom(scenario.client.send(pattern, data));
  const token = async (user: string) => {
    const issued = await scenario.microservice.get(JwtTokenService).createToken(user);
    sent.push(issued);
    return issued;
  };

  beforeAll(async () => {
    scenario = await startTcpScenario((clock) => RpcEventsModule.on(clock));
    all = recordEvents(scenario.microservice).heard;
  });
  beforeEach(() => {
    heard = recordEvents(scenario.microservice).heard;
  });
  afterAll(async () => {
    await scenario?.close();
  });

  it('emits authenticated with the rpc transport and the controller method', async () => {
    await expect(send('ledger.balance', { access_token: await token('bob') })).resolves.toBe(
      'balance of bob',
    );
    expect(heard).toEqual([bobAuthenticated(callOn('rpc', 'LedgerController.balance'))]);
  });

  it('emits refused with its code for a message with a bad token', async () => {
    await expect(send('ledger.balance', { access_token: 'not.a.token' })).rejects.toMatchObject({
      code: 'token_invalid',
    });
    expect(heard).toEqual([anonymousRefused(callOn('rpc', 'LedgerController.balance'), 'token_invalid')]);
  });

  it('emits permissionDenied with the permission, the deciding ACE and the resource, then refused', async () => {
    await expect(send('ledger.addEntry', { access_token: await token('bob') })).rejects.toMatchObject({
      code: 'permission_denied',
    });
    expect(heard).toEqual(bobDenied(callOn('rpc', 'LedgerController.addEntry')));
  });

  it('carries no token and no secret in any event', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
    expectNoSecretIn(all, [...sent, TRANSPORT_SECRET]);
  });
});
