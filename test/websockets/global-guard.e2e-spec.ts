// NestJS 12 applies global guards (APP_GUARD) to gateways; NestJS 11 does not, so there a gateway
// needs @UseGuards(JwtAuthGuard) (see docs/transports.md). .ci/nest11.sh leaves this file out.
import { TITLED_PLATFORMS } from '../support/platforms';
import { GlobalGuardOnlyGateway } from './global-guard.gateway';
import { SOCKET_ADAPTERS, useSocketApp } from './socket-app';

describe.each(TITLED_PLATFORMS)('a gateway behind the global guard alone, over %s', (_, platform) => {
  describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
    const server = useSocketApp({ platform, socketAdapter, gateway: GlobalGuardOnlyGateway });
    const { connect } = server;

    it('refuses a message that needs a user when the handshake has no token', async () => {
      const socket = await connect();
      socket.send('whoami');
      expect(await socket.next('exception')).toMatchObject({ status: 'error', code: 'token_missing' });
    });

    it('runs it for the user of a valid token', async () => {
      const socket = await connect(server.tokens.bob);
      socket.send('whoami');
      expect(await socket.next('identity')).toBe('bob');
    });
  });
});
