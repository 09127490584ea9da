import { SessionService } from 'nestjs-jwt-permissions';
import { TITLED_PLATFORMS } from '../support/platforms';
import { SOCKET_ADAPTERS, useSocketApp } from './socket-app';

describe.each(TITLED_PLATFORMS)('WebSockets of revoked sessions over %s', (_, platform) => {
  describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
    const server = useSocketApp({ platform, socketAdapter });

    async function openSocket(userId = 'alice') {
      const sessions = server.app.get(SessionService);
      const pair = await sessions.open(userId);
      const socket = await server.connect(pair.accessToken);
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId });
      return { sessions, pair, socket };
    }

    it('closes an open connection when its session is revoked, without waiting for a message', async () => {
      const { sessions, pair, socket } = await openSocket();
      await sessions.revokeSession(pair.sessionId);
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_revoked'));
    });

    it('closes every open connection of a user revoked everywhere, and no other', async () => {
      const first = await openSocket('alice');
      const second = await openSocket('alice');
      const bob = await openSocket('bob');
      server.clock.advance(1);
      await first.sessions.revokeUser('alice');
      expect(await first.socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_revoked'));
      expect(await second.socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_revoked'));
      bob.socket.send('whoami');
      expect(await bob.socket.next('identity')).toMatchObject({ userId: 'bob' });
    });

    it('refuses a revoked token at the handshake with token_revoked', async () => {
      const sessions = server.app.get(SessionService);
      const pair = await sessions.open('alice');
      await sessions.revokeToken(pair.accessToken);
      const socket = await server.connect(pair.accessToken);
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual({
        status: 'error',
        code: 'token_revoked',
        message: 'The access token has been revoked',
      });
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_revoked'));
    });
  });
});
