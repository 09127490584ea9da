import { io } from 'socket.io-client';
import WebSocket from 'ws';

/** Where a client puts its token in the handshake. */
export type TokenPlacement = 'header' | 'auth' | 'query';

/** A connected client of either adapter, seen the same way by the spec. */
export interface TestSocket {
  /** Sends `data` as the message `event`. */
  send(event: string, data?: unknown): void;
  /** The data of the next message `event` from the server (already received, or to come). */
  next(event: string): Promise<unknown>;
  /** How the server ended the connection: the `ws` close code and reason, or socket.io's reason. */
  readonly closed: Promise<{ code?: number; reason: string }>;
  /** Ends the connection from the client side. */
  close(): void;
}

/** Keeps every message received, and hands them out in order per event. */
class Inbox {
  private readonly received: Array<{ event: string; data: unknown }> = [];
  private readonly waiting: Array<{ event: string; resolve: (data: unknown) => void }> = [];

  deliver(event: string, data: unknown): void {
    const index = this.waiting.findIndex((waiter) => waiter.event === event);
    if (index >= 0) this.waiting.splice(index, 1)[0].resolve(data);
    else this.received.push({ event, data });
  }

  next(event: string): Promise<unknown> {
    const index = this.received.findIndex((message) => message.event === event);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0].data);
    return new Promise((resolve) => this.waiting.push({ event, resolve }));
  }
}

/** A `ws` client; the token goes in the `Authorization` header or the `access_token` query parameter. */
export function connectWs(
  port: number,
  token?: string,
  placement: TokenPlacement = 'header',
): Promise<TestSocket> {
  const query =
    token !== undefined && placement === 'query' ? `?access_token=${encodeURIComponent(token)}` : '';
  const headers: Record<string, string> =
    token !== undefined && placement === 'header' ? { Authorization: `Bearer ${token}` } : {};
  const socket = new WebSocket(`ws://127.0.0.1:${port}/${query}`, { headers });
  const inbox = new Inbox();
  socket.on('message', (raw) => {
    const { event, data } = JSON.parse((raw as Buffer).toString('utf8'));
    inbox.deliver(event, data);
  });
  const closed = new Promise<{ code?: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        send: (event, data) => socket.send(JSON.stringify({ event, data })),
        next: (event) => inbox.next(event),
        closed,
        close: () => socket.close(),
      }),
    );
  });
}

/** A socket.io client; the token goes in the `Authorization` header or the handshake `auth.token`. */
export function connectSocketIo(
  port: number,
  token?: string,
  placement: TokenPlacement = 'header',
): Promise<TestSocket> {
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: token !== undefined && placement === 'header' ? { Authorization: `Bearer ${token}` } : {},
    auth: token !== undefined && placement === 'auth' ? { token } : {},
  });
  const inbox = new Inbox();
  socket.onAny((event: string, data: unknown) => inbox.deliver(event, data));
  const closed = new Promise<{ code?: number; reason: string }>((resolve) =>
    socket.on('disconnect', (reason) => resolve({ reason })),
  );
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      resolve({
        send: (event, data) => socket.emit(event, data),
        next: (event) => inbox.next(event),
        closed,
        close: () => socket.disconnect(),
      }),
    );
  });
}
