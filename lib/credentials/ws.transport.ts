import type { ExecutionContext } from '@nestjs/common';
import type { CallRequest } from './call-request.interface';
import { markConnectionContext } from './connection-context.util';
import { ownField, type TokenReaders } from './token-readers.factory';

const HANDSHAKE = Symbol('nestjs-jwt-permissions:handshake');

/**
 * The handshake of a WebSocket connection, as far as the token goes: socket.io's
 * `socket.handshake` (`headers`, `query`, `auth`), or the HTTP upgrade request of a `ws` socket
 * (`headers`, `url`).
 */
interface Handshake {
  readonly headers?: unknown;
  readonly auth?: unknown;
  readonly query?: unknown;
  readonly url?: unknown;
}

/**
 * The socket of a WebSocket message (a socket.io `Socket` or a `ws` `WebSocket`): it carries the
 * identity for the life of the connection, since its handshake, and so its token, never changes.
 */
export function getWsClient(context: ExecutionContext): CallRequest {
  const client = context.switchToWs().getClient<unknown>();
  return typeof client === 'object' && client !== null
    ? (client as CallRequest)
    : (context.getArgs<unknown[]>() as object as CallRequest);
}

/**
 * Keeps the HTTP upgrade request of a `ws` socket (`@nestjs/platform-ws`), which the `ws` package
 * hands only to the gateway's `handleConnection(client, request)`, so that the guard can read the
 * token from its headers or query. socket.io sockets keep their handshake themselves and need no
 * call. Call it first thing in `handleConnection`:
 *
 * ```ts
 * handleConnection(client: WebSocket, request: IncomingMessage) {
 *   rememberHandshake(client, request);
 * }
 * ```
 */
export function rememberHandshake(client: object, request: { headers: object; url?: string }): void {
  if (typeof client !== 'object' || client === null) {
    throw new TypeError('rememberHandshake(): "client" must be the socket handleConnection() received.');
  }
  if (typeof request !== 'object' || request === null || typeof request.headers !== 'object') {
    throw new TypeError(
      'rememberHandshake(): "request" must be the upgrade request handleConnection() received.',
    );
  }
  (client as Record<symbol, unknown>)[HANDSHAKE] = request;
}

/**
 * The execution context of a connection that has sent no message yet, so that
 * `JwtAuthGuard#authenticateConnection` goes through the same (overridable) steps as a message.
 * It has no handler, class, data or pattern.
 */
export function wsConnectionContext(client: object): ExecutionContext {
  const args = [client];
  const noMessage = (): never => {
    throw new Error(
      'nestjs-jwt-permissions: a WebSocket connection being authenticated has no message, handler or class yet.',
    );
  };
  return markConnectionContext({
    getType: () => 'ws',
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToWs: () => ({ getClient: () => client, getData: noMessage, getPattern: noMessage }),
    switchToHttp: noMessage,
    switchToRpc: noMessage,
    getClass: noMessage,
    getHandler: noMessage,
  } as unknown as ExecutionContext);
}

/** The handshake remembered for a `ws` socket, or socket.io's own. */
function handshakeOf(client: CallRequest): Handshake | undefined {
  const handshake = client[HANDSHAKE] ?? client.handshake;
  return typeof handshake === 'object' && handshake !== null ? handshake : undefined;
}

/** A query parameter of the handshake: socket.io's parsed `query`, or the `ws` upgrade request's URL. */
function queryParam(handshake: Handshake, name: string): unknown {
  if (typeof handshake.query === 'object' && handshake.query !== null) return ownField(handshake.query, name);
  if (typeof handshake.url !== 'string') return undefined;
  const values = new URL(handshake.url, 'ws://localhost').searchParams.getAll(name);
  return values.length === 1 ? values[0] : undefined; // a repeated parameter is ambiguous
}

/**
 * The token of a WebSocket connection, from its handshake: the configured header first (what
 * Node clients send), then socket.io's `auth[wsAuthField]` (what browsers send), then the query
 * parameter `wsQueryParam` when enabled.
 */
export function readWsToken(client: CallRequest, readers: TokenReaders): string | undefined {
  const handshake = handshakeOf(client);
  if (!handshake) return undefined;
  const headers = handshake.headers;
  const fromHeader =
    typeof headers === 'object' && headers !== null
      ? readers.header(headers as Readonly<Record<string, unknown>>)
      : undefined;
  if (fromHeader !== undefined) return fromHeader;
  const fromAuth =
    readers.wsAuthField === undefined
      ? undefined
      : readers.field(ownField(handshake.auth, readers.wsAuthField));
  if (fromAuth !== undefined) return fromAuth;
  return readers.wsQueryParam === undefined
    ? undefined
    : readers.field(queryParam(handshake, readers.wsQueryParam));
}
