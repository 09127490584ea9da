import { loadOptionalPackage } from './optional-package.util';
import { isCredentialsRefusal, REFUSAL_MESSAGES } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';

/**
 * The close code of a `ws` socket whose credentials were refused: 4401, in the 4000-4999 range
 * RFC 6455 §7.4.2 leaves to applications, mirroring HTTP 401 as `graphql-ws` does.
 */
export const WS_CLOSE_UNAUTHORIZED = 4401;

const WS_OPEN = 1;
const FORWARDS_EXCEPTIONS = Symbol('nestjs-jwt-permissions:forwards-exceptions');

/** A socket of the `ws` package (`@nestjs/platform-ws`), as far as this module uses it. */
interface NativeWebSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: string, listener: (payload: unknown) => void): unknown;
  [FORWARDS_EXCEPTIONS]?: true;
}

/** A socket.io `Socket` (`@nestjs/platform-socket.io`), as far as this module uses it. */
interface SocketIoSocket {
  disconnect(close?: boolean): unknown;
}

function isNativeWebSocket(client: unknown): client is NativeWebSocket {
  const socket = client as Partial<NativeWebSocket> | null;
  return (
    typeof socket?.readyState === 'number' &&
    typeof socket.send === 'function' &&
    typeof socket.close === 'function'
  );
}

function isSocketIoSocket(client: unknown): client is SocketIoSocket {
  return typeof (client as Partial<SocketIoSocket> | null)?.disconnect === 'function';
}

/**
 * Nest 11's `BaseWsExceptionFilter` answers with `client.emit('exception', ...)`, which on a `ws`
 * socket only reaches local listeners: the client never hears of the refusal. Send those events
 * on the wire as Nest 12 does (`{ event: 'exception', data }`); Nest 12 sends directly and never
 * emits them locally, so nothing is sent twice.
 */
function forwardExceptionEvents(client: NativeWebSocket): void {
  if (client[FORWARDS_EXCEPTIONS]) return;
  client[FORWARDS_EXCEPTIONS] = true;
  client.on('exception', (data) => {
    if (client.readyState === WS_OPEN) client.send(JSON.stringify({ event: 'exception', data }));
  });
}

/**
 * Ends the connection of a socket whose handshake credentials were refused, once the refusal has
 * been delivered: the exception filter answers within the same chain of promises, before the
 * next turn of the event loop.
 */
function disconnectAfterReply(client: unknown, code: CallRefusalCode): void {
  setImmediate(() => closeUnauthorizedSocket(client, code));
}

/**
 * Closes a WebSocket whose credentials no longer hold (its token, session or user revoked): a
 * `ws` socket with {@link WS_CLOSE_UNAUTHORIZED} and the code as reason, a socket.io socket by
 * disconnecting it. Anything else is left alone.
 */
export function closeUnauthorizedSocket(client: unknown, code: CallRefusalCode): void {
  if (isNativeWebSocket(client)) {
    if (client.readyState === WS_OPEN) client.close(WS_CLOSE_UNAUTHORIZED, code);
  } else if (isSocketIoSocket(client)) {
    client.disconnect(true);
  }
}

/**
 * A refused WebSocket message at the edge: a `WsException` whose error, `{ status: 'error', code,
 * message }`, reaches the client as an `exception` event. A socket that presented credentials that
 * can never succeed (a bad or expired token, a refused user) is then disconnected: its handshake
 * cannot change, so it is not left open half-authenticated. A socket without a token, or one
 * lacking a permission, stays open for the handlers it may use.
 */
export function wsRefusal(code: CallRefusalCode, client: unknown): Error {
  const { WsException } = loadOptionalPackage<typeof import('@nestjs/websockets')>(
    '@nestjs/websockets',
    'Refusing a WebSocket message',
  );
  if (isNativeWebSocket(client)) forwardExceptionEvents(client);
  if (isCredentialsRefusal(code)) disconnectAfterReply(client, code);
  return new WsException({ status: 'error', code, message: REFUSAL_MESSAGES[code] });
}
