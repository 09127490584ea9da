import { GroupFinder } from 'nestjs-jwt-permissions';
import { TITLED_PLATFORMS } from '../support/platforms';
import { AsyncTestGroupFinder } from '../support/transport-test-kit';
import { SOCKET_ADAPTERS, useSocketApp } from './socket-app';

const BURST = 5;

describe.each(TITLED_PLATFORMS)(
  'WebSockets over %s, with a GroupFinder that answers later',
  (_, platform) => {
    describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
      const server = useSocketApp({
        platform,
        socketAdapter,
        moduleOptions: { groupFinder: AsyncTestGroupFinder },
      });
      const finder = () => server.app.get<GroupFinder, AsyncTestGroupFinder>(GroupFinder);

      it('calls the GroupFinder once for a burst of messages on a fresh connection', async () => {
        const before = finder().calls.length;
        const socket = await server.connect(server.tokens.alice);
        for (let i = 0; i < BURST; i++) socket.send('whoami');
        for (let i = 0; i < BURST; i++)
          expect(await socket.next('identity')).toMatchObject({ userId: 'alice' });
        expect(finder().calls.slice(before)).toEqual(['alice']);
      });

      it('calls it once per connection, not once for the application', async () => {
        const before = finder().calls.length;
        for (const socket of [
          await server.connect(server.tokens.bob),
          await server.connect(server.tokens.bob),
        ]) {
          for (let i = 0; i < BURST; i++) socket.send('whoami');
          for (let i = 0; i < BURST; i++)
            expect(await socket.next('identity')).toMatchObject({ userId: 'bob' });
        }
        expect(finder().calls.slice(before)).toEqual(['bob', 'bob']);
      });
    });
  },
);
