import type { Type } from '@nestjs/common';
import { TITLED_PLATFORMS } from '../support/platforms';
import { TestClock } from '../support/transport-test-kit';
import { createSocketApp, SOCKET_ADAPTERS, useSocketApp } from '../websockets/socket-app';
import { missingLoaderMessage, NoteEditsSocketModule } from './app.modules';
import { GatewayWithoutLoader, MessageWithoutLoader, NoteEditsGateway } from './note-edits.gateways';
import { NoteLoader } from './note.loader';

const MISSING_LOADER_CASES: ReadonlyArray<readonly [string, Type, string]> = [
  ['a message handler', MessageWithoutLoader, 'MessageWithoutLoader.publishNote()'],
  ['the gateway class', GatewayWithoutLoader, 'the class GatewayWithoutLoader'],
];

describe.each(TITLED_PLATFORMS)('resource loaders of WebSocket gateways over %s', (_, platform) => {
  describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
    it.each(MISSING_LOADER_CASES)(
      'stops the application at start-up when %s names a loader no module provides',
      async (__, gateway, usedBy) => {
        // The gateway is a provider of WebsocketsAppModule, which the message names.
        const module = NoteEditsSocketModule.on(new TestClock(), gateway);
        const app = await createSocketApp(module, platform, socketAdapter);
        try {
          await expect(app.listen(0, '127.0.0.1')).rejects.toThrow(
            missingLoaderMessage(usedBy, 'WebsocketsAppModule'),
          );
        } finally {
          await app.close();
        }
      },
    );

    describe('a loader that a module provides', () => {
      const server = useSocketApp({
        platform,
        socketAdapter,
        module: (clock) => NoteEditsSocketModule.on(clock, NoteEditsGateway, [NoteLoader]),
      });

      it('loads the resource and lets in a caller its ACL allows', async () => {
        const loads = server.app.get(NoteLoader).loads;
        const socket = await server.connect(server.tokens.alice);
        socket.send('editNote');
        expect(await socket.next('edited')).toBe('edited note 1');
        expect(server.app.get(NoteLoader).loads).toBe(loads + 1);
      });

      it('refuses a caller its ACL does not allow, with an exception event', async () => {
        const socket = await server.connect(server.tokens.bob);
        socket.send('editNote');
        expect(await socket.next('exception')).toMatchObject({ status: 'error', code: 'permission_denied' });
      });
    });
  });
});
