import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';

/** A `next` payload as the client receives it. */
type Event = FormattedExecutionResult<Record<string, unknown>, unknown>;
import WebSocket from 'ws';

/** How a subscription ended: completed by the server, its connection closed, or an `error` message. */
export type Ended =
  | { readonly completed: true }
  | { readonly closed: { readonly code: number; readonly reason: string } }
  | { readonly errors: unknown };

/** A subscription as a `graphql-ws` client sees it. */
export interface TestSubscription {
  /** Every `next` payload received so far, in order. */
  readonly events: Event[];
  /** The `index`-th `next` payload, once it has arrived. */
  event(index: number): Promise<Event>;
  /** Settles when the subscription ends, however it ends. */
  readonly ended: Promise<Ended>;
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof (value as { code?: unknown } | null)?.code === 'number';
}

/**
 * A real `graphql-ws` client on the `ws` package, connected to `/graphql` on `port` at once,
 * sending `connectionParams` with `connection_init`, and `headers` with the upgrade request (which
 * only Node clients can set). It never retries, so that a close is final, and keeps its connection
 * between subscriptions until it is disposed of, so that they share it.
 */
export function connectGraphqlWs(
  port: number,
  connectionParams?: Record<string, unknown>,
  headers?: Record<string, string>,
): Client {
  class WebSocketWithHeaders extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: headers === undefined ? WebSocket : WebSocketWithHeaders,
    connectionParams,
    retryAttempts: 0,
    // Connected at once and kept until disposed of (a lazy client's close timer would outlive it).
    lazy: false,
    // A refused connection reaches each subscription's error sink; not the console as well.
    onNonLazyError: () => undefined,
  });
}

/** How many times `client` has connected so far, read through the returned function. */
export function countConnections(client: Client): () => number {
  let connections = 0;
  client.on('connected', () => connections++);
  return () => connections;
}

/** How `client`'s connection closes, once it does. */
export function closeOf(client: Client): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    });
  });
}

/** Subscribes `client` to `query`, recording what it receives. */
export function subscribe(client: Client, query: string): TestSubscription {
  const events: Event[] = [];
  const waiting = new Map<number, (event: Event) => void>();
  let end!: (ended: Ended) => void;
  const ended = new Promise<Ended>((resolve) => (end = resolve));
  client.subscribe(
    { query },
    {
      next: (event) => {
        events.push(event);
        waiting.get(events.length - 1)?.(event);
      },
      error: (error) =>
        end(isCloseEvent(error) ? { closed: { code: error.code, reason: error.reason } } : { errors: error }),
      complete: () => end({ completed: true }),
    },
  );
  return {
    events,
    ended,
    event: (index) =>
      index < events.length
        ? Promise.resolve(events[index])
        : new Promise((resolve) => waiting.set(index, resolve)),
  };
}

/** Resolves once `condition` holds, checking it every few milliseconds: for server-side state no event announces. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Where a client puts its token: the `connection_init` payload, and the upgrade request's headers. */
export type TokenPlacement = readonly [
  connectionParams: Record<string, unknown> | undefined,
  headers?: Record<string, string>,
];

/** Every place a subscription client may send its token, as `describe.each` rows `[title, place]`. */
export const TOKEN_PLACES: ReadonlyArray<readonly [string, (token: string) => TokenPlacement]> = [
  ['{ authorization: "Bearer <token>" }', (token) => [{ authorization: `Bearer ${token}` }]],
  ['{ Authorization: "Bearer <token>" }', (token) => [{ Authorization: `Bearer ${token}` }]],
  [
    '{ headers: { Authorization: "Bearer <token>" } }',
    (token) => [{ headers: { Authorization: `Bearer ${token}` } }],
  ],
  ['{ token: "<token>" }', (token) => [{ token }]],
  ['{ authorization: "<token>" }, the bare token', (token) => [{ authorization: token }]],
  [
    'the Authorization header of the upgrade request',
    (token) => [undefined, { Authorization: `Bearer ${token}` }],
  ],
];
