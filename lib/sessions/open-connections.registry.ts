import type { VerifiedClaims } from '../identity/identity.interface';
import { closeUnauthorizedSocket } from '../refusal/ws.refusal';

/** A socket as far as tracking goes: `ws` and socket.io sockets both emit when they end. */
interface ClosableSocket {
  once(event: string, listener: () => void): unknown;
}

function canTrack(client: unknown): client is ClosableSocket {
  return typeof (client as Partial<ClosableSocket> | null)?.once === 'function';
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

  /** Tracks a socket authenticated with `claims`, until it closes. */
  track(client: object, claims: VerifiedClaims): void {
    if (!canTrack(client) || this.connections.has(client)) return;
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
