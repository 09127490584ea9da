import type { ExecutionContext } from '@nestjs/common';
import { markConnectionContext } from './connection-context.util';
import { ownField, type TokenReaders } from './token-readers.factory';

/**
 * The context `graphql-ws` keeps for one connection, as far as the library reads it (typed here
 * rather than imported, so that `graphql-ws` stays the application's dependency): the
 * `connection_init` payload, and the `ws` socket and upgrade request Nest's server puts in `extra`.
 * The same object is handed to every hook and, as the GraphQL context's `req`, to every
 * subscription of the connection: it carries the connection's identity.
 */
export interface GraphqlWsConnection {
  /** The `connection_init` message's payload, if it was an object. */
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  /** Whether `connection_init` has arrived. */
  readonly connectionInitReceived: boolean;
  /** Whether the connection was acknowledged. */
  readonly acknowledged: boolean;
  /** The subscriptions running on the connection, by id. */
  readonly subscriptions: object;
  /** What the server adds: with `graphql-ws/use/ws` (Nest's), `{ socket, request }`. */
  readonly extra?: unknown;
}

/**
 * Whether `value` is a `graphql-ws` connection context. Recognised by its shape, since the class
 * is not exported: the three fields `graphql-ws` 5 and 6 set on every one.
 */
export function isGraphqlWsConnection(value: unknown): value is GraphqlWsConnection {
  const connection = value as Partial<GraphqlWsConnection> | null;
  return (
    typeof connection?.connectionInitReceived === 'boolean' &&
    typeof connection.acknowledged === 'boolean' &&
    typeof connection.subscriptions === 'object'
  );
}

/** The `ws` socket of a connection (`extra.socket`), or `undefined` under another server. */
export function graphqlWsSocketOf(connection: GraphqlWsConnection): unknown {
  return ownField(connection.extra, 'socket');
}

/** The field of `source` whose name is `name` in any case (`Authorization`, `authorization`), if one alone has it. */
function fieldInAnyCase(source: unknown, name: string): unknown {
  if (typeof source !== 'object' || source === null) return undefined;
  const keys = Object.keys(source).filter((key) => key.toLowerCase() === name);
  // Two spellings of one name are ambiguous: no token, as for a repeated header.
  return keys.length === 1 ? (source as Readonly<Record<string, unknown>>)[keys[0]] : undefined;
}

/**
 * The token of a `graphql-ws` connection. Browsers cannot set headers on a WebSocket, so clients
 * send it in the `connection_init` payload (`connectionParams`), spelled one of these ways, read
 * in this order:
 *
 * 1. `{ authorization: 'Bearer <token>' }`, the header's name in any case (`httpHeader`);
 * 2. `{ headers: { authorization: 'Bearer <token>' } }`, the HTTP headers object reused;
 * 3. `{ token: '<token>' }`, the field `wsAuthField` (default `token`), as with socket.io;
 *
 * each holding `Bearer <token>` (a scheme of `authType`) or the bare token. Then the upgrade
 * request's own header, which Node clients can set. Never a cookie: a browser sends cookies on a
 * cross-site WebSocket handshake too, where no CSRF header can protect it.
 */
export function readGraphqlWsToken(
  connection: GraphqlWsConnection,
  readers: TokenReaders,
): string | undefined {
  return readConnectionToken(connection.connectionParams, ownField(connection.extra, 'request'), readers);
}

/**
 * The token of a GraphQL WebSocket connection, from its `connection_init` payload `params` and its
 * upgrade request, as {@link readGraphqlWsToken} reads them: also for servers other than
 * `graphql-ws` (Mercurius) that keep the two elsewhere.
 */
export function readConnectionToken(
  params: unknown,
  upgradeRequest: unknown,
  readers: TokenReaders,
): string | undefined {
  if (typeof params === 'object' && params !== null) {
    const token =
      readers.field(fieldInAnyCase(params, readers.headerName)) ??
      readers.field(fieldInAnyCase(ownField(params, 'headers'), readers.headerName)) ??
      (readers.wsAuthField === undefined ? undefined : readers.field(ownField(params, readers.wsAuthField)));
    if (token !== undefined) return token;
  }
  // An IncomingMessage's `headers` is an accessor of its prototype, not an own field.
  const headers =
    typeof upgradeRequest === 'object' && upgradeRequest !== null
      ? (upgradeRequest as { headers?: unknown }).headers
      : undefined;
  return typeof headers === 'object' && headers !== null
    ? readers.header(headers as Readonly<Record<string, unknown>>)
    : undefined;
}

const CONNECTION_CONTEXTS = new WeakMap<GraphqlWsConnection, ExecutionContext>();

/**
 * The execution context of a `graphql-ws` connection outside any subscription (at
 * `connection_init`, before each event), shaped as a GraphQL call whose context's `req` is the
 * connection, as Nest passes it to subscriptions: so that `JwtAuthGuard#authenticateConnection`
 * goes through the same (overridable) steps and finds the same identity. It has no handler or
 * class. Made once per connection.
 */
export function graphqlWsConnectionContext(connection: GraphqlWsConnection): ExecutionContext {
  let context = CONNECTION_CONTEXTS.get(connection);
  if (context !== undefined) return context;
  const args = [undefined, {}, { req: connection }, undefined];
  const noOperation = (): never => {
    throw new Error(
      'nestjs-jwt-permissions: a graphql-ws connection being authenticated has no operation, handler or class.',
    );
  };
  context = {
    getType: () => 'graphql',
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: noOperation,
    switchToWs: noOperation,
    switchToRpc: noOperation,
    getClass: noOperation,
    getHandler: noOperation,
  } as unknown as ExecutionContext;
  CONNECTION_CONTEXTS.set(connection, markConnectionContext(context));
  return context;
}
