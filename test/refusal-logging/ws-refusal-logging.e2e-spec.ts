import { Logger } from '@nestjs/common';
import { TITLED_PLATFORMS } from '../support/platforms';
import { SOCKET_ADAPTERS, useSocketApp } from '../websockets/socket-app';

// A refused WebSocket message is an expected outcome: nothing is logged as an error, and the
// client's exception event carries the refusal without a stack.
describe.each(TITLED_PLATFORMS)('a refused WebSocket message over %s', (_, platform) => {
  describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
    const server = useSocketApp({ platform, socketAdapter });
    let errors: jest.SpyInstance;
    beforeEach(() => {
      errors = jest.spyOn(Logger.prototype, 'error');
    });
    afterEach(() => errors.mockRestore());

    it.each([
      ['without a token', undefined, 'whoami', 'token_missing'],
      ['with a forged token', 'forged', 'whoami', 'token_invalid'],
      ['without the permission', 'bob', 'broadcast', 'permission_denied'],
    ] as const)('logs no error %s', async (_, user, event, code) => {
      const socket = await server.connect(user && server.tokens[user]);
      socket.send(event, 'hi');
      const exception = await socket.next('exception');
      expect(exception).toEqual({ status: 'error', code, message: expect.any(String) });
      expect(errors).not.toHaveBeenCalled();
    });
  });
});
