import { WsException } from '@nestjs/websockets';
import { EventEmitter } from 'node:events';
import { WS_CLOSE_UNAUTHORIZED, wsRefusal } from './ws.refusal';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A `ws` socket: an EventEmitter with a numeric readyState, send and close. */
class FakeWebSocket extends EventEmitter {
  readyState = 1;
  readonly sent: string[] = [];
  readonly close = jest.fn();
  send(data: string): void {
    this.sent.push(data);
  }
}

/** A socket.io socket, as far as the refusal touches it. */
const fakeSocketIo = () => ({ emit: jest.fn(), disconnect: jest.fn() });

describe('wsRefusal', () => {
  it('is a WsException, so that Nest sends it as an exception event instead of "Internal server error"', () => {
    expect(wsRefusal('token_missing', fakeSocketIo())).toBeInstanceOf(WsException);
  });

  it('carries the status, the refusal code and its message', () => {
    const exception = wsRefusal('token_expired', fakeSocketIo()) as WsException;
    expect(exception.getError()).toEqual({
      status: 'error',
      code: 'token_expired',
      message: 'The access token has expired',
    });
  });

  it.each(['token_invalid', 'token_expired', 'user_unknown'] as const)(
    'disconnects a socket.io socket refused for %s, after the refusal is answered',
    async (code) => {
      const client = fakeSocketIo();
      wsRefusal(code, client);
      expect(client.disconnect).not.toHaveBeenCalled();
      await nextTurn();
      expect(client.disconnect).toHaveBeenCalledWith(true);
    },
  );

  it.each([
    'token_missing',
    'permission_denied',
    'group_finder_failed',
    'group_finder_faulty',
    'group_finder_timeout',
  ] as const)('keeps a socket refused for %s connected', async (code) => {
    const client = fakeSocketIo();
    wsRefusal(code, client);
    await nextTurn();
    expect(client.disconnect).not.toHaveBeenCalled();
  });

  it('closes a ws socket with bad credentials with code 4401 and the refusal code as reason', async () => {
    const client = new FakeWebSocket();
    wsRefusal('token_invalid', client);
    await nextTurn();
    expect(client.close).toHaveBeenCalledWith(WS_CLOSE_UNAUTHORIZED, 'token_invalid');
  });

  it("sends on the wire the exception events Nest 11's filter only emits locally on a ws socket", () => {
    const client = new FakeWebSocket();
    wsRefusal('token_missing', client);
    client.emit('exception', { status: 'error', code: 'token_missing' });
    expect(client.sent).toEqual([
      JSON.stringify({ event: 'exception', data: { status: 'error', code: 'token_missing' } }),
    ]);
  });

  it('forwards each exception event once, however many refusals a ws socket gets', () => {
    const client = new FakeWebSocket();
    wsRefusal('token_missing', client);
    wsRefusal('permission_denied', client);
    client.emit('exception', { status: 'error' });
    expect(client.sent).toHaveLength(1);
  });
});
