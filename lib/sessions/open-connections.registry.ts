import type { VerifiedClaims } from '../identity/identity.interface';
import { closeUnauthorizedSocket } from '../refusal/ws.refusal';

const WS_OPEN = 1;

/** A socket as far as tracking goes: `ws` and socket.io sockets both emit when they end. */
interface ClosableSocket {
  once(event: string, listener: () => void): unknown;
  /** `ws`: 1 while open. */
  readonly readyState?: unknown;
  /** socket.io: `false` once disconnected. */
  readonly connected?: unknown;
}

function canTrack(client: unknown): client is ClosableSocket {
  return typeof (client as Partial<ClosableSocket> | null)?.once === 'function';
}

/**
 * Whether a socket has already ended: it will never emit its end again, so tracking it would keep
 * it for ever. A connection may close while it is being authenticated (a slow GroupFinder).
 */
function hasEnded(socket: ClosableSocket): boolean {
  if (typeof socket.readyState === 'number') return socket.readyState !== WS_OPEN;
  return socket.connected === false;
}

/**
 * The open WebSocket connections and the claims they authenticated with, so that a revocation
 * closes them at once (4401) instead of waiting for their next message. A connection leaves when
 * it closes, so this holds only live sockets.
 */
export class OpenConnectionsRegistry {
  private readonly connections = new Map<object, VerifiedClaims>();

  /** How many connections are tracked. */
  get size(): number {
    return this.connections.size;
  }

  /** Tracks a socket authenticated with `claims`, until it closes; one that has ended is not. */
  track(client: object, claims: VerifiedClaims): void {
    if (!canTrack(client) || hasEnded(client) || this.connections.has(client)) return;
    this.connections.set(client, claims);
    const forget = () => this.connections.delete(client);
    client.once('close', forget); // ws
    client.once('disconnect', forget); // socket.io
  }

  /** Closes, with `token_revoked`, every tracked connection whose claims `isRevoked` now matches. */
  closeRevoked(isRevoked: (claims: VerifiedClaims) => boolean): number {
    let closed = 0;
    for (const [client, claims] of this.connections) {
      if (!isRevoked(claims)) continue;
      this.connections.delete(client);
      closeUnauthorizedSocket(client, 'token_revoked');
      closed++;
    }
    return closed;
  }
}
