import { EventEmitter } from 'node:events';
import { OpenConnectionsRegistry } from './open-connections.registry';

/** A `ws` socket as far as the registry uses it. */
class WsSocket extends EventEmitter {
  readonly closed: unknown[][] = [];
  constructor(public readyState = 1) {
    super();
  }
  send(): void {}
  close(...args: unknown[]): void {
    this.closed.push(args);
  }
}

/** A socket.io socket as far as the registry uses it. */
class SocketIoSocket extends EventEmitter {
  disconnected = 0;
  constructor(public connected = true) {
    super();
  }
  disconnect(): void {
    this.disconnected++;
  }
}

const alice = { sub: 'alice', sid: 's1' };
const bob = { sub: 'bob', sid: 's2' };

describe('OpenConnectionsRegistry', () => {
  it('closes with 4401 (token_revoked) the ws sockets whose claims are revoked, and only those', () => {
    const registry = new OpenConnectionsRegistry();
    const [a, b] = [new WsSocket(), new WsSocket()];
    registry.track(a, alice);
    registry.track(b, bob);
    expect(registry.closeRevoked((claims) => claims.sub === 'alice')).toBe(1);
    expect(a.closed).toEqual([[4401, 'token_revoked']]);
    expect(b.closed).toEqual([]);
    expect(registry.size).toBe(1);
  });

  it('disconnects a revoked socket.io socket', () => {
    const registry = new OpenConnectionsRegistry();
    const socket = new SocketIoSocket();
    registry.track(socket, alice);
    registry.closeRevoked(() => true);
    expect(socket.disconnected).toBe(1);
  });

  it('forgets a socket once it closes or disconnects', () => {
    const registry = new OpenConnectionsRegistry();
    const [ws, io] = [new WsSocket(), new SocketIoSocket()];
    registry.track(ws, alice);
    registry.track(io, bob);
    ws.emit('close');
    io.emit('disconnect');
    expect(registry.size).toBe(0);
  });

  it('does not track a socket that has already ended, which would never be forgotten', () => {
    const registry = new OpenConnectionsRegistry();
    registry.track(new WsSocket(2), alice);
    registry.track(new WsSocket(3), alice);
    registry.track(new SocketIoSocket(false), alice);
    expect(registry.size).toBe(0);
  });

  it('does not track what cannot say when it ends', () => {
    const registry = new OpenConnectionsRegistry();
    registry.track({ readyState: 1, close: () => undefined }, alice);
    expect(registry.size).toBe(0);
  });
});
