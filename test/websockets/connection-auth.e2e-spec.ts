import { GroupFinder } from 'nestjs-jwt-permissions';
import { TITLED_PLATFORMS } from '../support/platforms';
import type { TestGroupFinder } from '../support/transport-test-kit';
import { ConnectionAuthGateway } from './connection-auth.gateway';
import { SOCKET_ADAPTERS, useSocketApp } from './socket-app';

describe.each(TITLED_PLATFORMS)(
  'a gateway that authenticates connections as they open, over %s',
  (_, platform) => {
    describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
      const server = useSocketApp({ platform, socketAdapter, gateway: ConnectionAuthGateway });
      const { connect } = server;

      it('ends a connection without a token before it sends anything', async () => {
        const socket = await connect();
        expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_missing'));
      });

      it('ends a connection with a forged token before it sends anything', async () => {
        const socket = await connect(server.tokens.forged);
        expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_invalid'));
      });

      it('keeps a user connected, with the identity resolved at connection for every message', async () => {
        const socket = await connect(server.tokens.bob);
        socket.send('whoami');
        expect(await socket.next('identity')).toBe('bob');
        socket.send('whoami');
        expect(await socket.next('identity')).toBe('bob');
      });

      it('calls the GroupFinder once per connection, however many messages it sends', async () => {
        const groupFinder: TestGroupFinder = server.app.get(GroupFinder);
        groupFinder.calls.length = 0;
        const socket = await connect(server.tokens.alice);
        for (let message = 0; message < 3; message++) {
          socket.send('whoami');
          expect(await socket.next('identity')).toBe('alice');
        }
        expect(groupFinder.calls).toEqual(['alice']);
      });
    });
  },
);
