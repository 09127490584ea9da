import { configError } from '../utils/config-error.util';

/**
 * A Redis connection as the session store uses it: what `ioredis` gives, for a standalone server,
 * Sentinel or a Cluster (`new Redis(...)`, `new Redis({ sentinels, name })`, `new Cluster(...)`).
 * Typed by what is used, so that an application without `ioredis` needs none of its types.
 */
export interface RedisClientLike {
  /** Sends any command: `call('HGETALL', key)`. */
  call(command: string, ...args: Array<string | number>): Promise<unknown>;
  /** A new connection with the same options, for the subscription. */
  duplicate(): RedisClientLike;
  /** Subscribes to channels (the connection then only listens). */
  subscribe(...channels: string[]): Promise<unknown>;
  /** `ready`, `close`, `error`, `message`... */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Closes the connection once what is pending is answered. */
  quit(): Promise<unknown>;
  /** Closes the connection at once. */
  disconnect(): void;
  /** `'ready'` once connected. */
  readonly status: string;
}

/**
 * The Redis store of sessions (the `sessions.redis` option), for several instances behind a load
 * balancer: `ioredis` must be installed. One of `url` or `client`.
 */
export interface RedisSessionOptions {
  /**
   * The server to connect to, such as `redis://user:password@host:6379/0` (`rediss://` for TLS).
   * The store opens its own two connections, and closes them when the application stops.
   */
  url?: string;
  /**
   * A connection the application already has (`new Redis(...)`, Sentinel, or a `Cluster`). The
   * store uses it and a `duplicate()` of it for the subscription; it closes the duplicate only.
   */
  client?: RedisClientLike;
  /**
   * Prefix of every key and of the channel, so that several applications can share one Redis.
   * Ends in a hash tag so that every key lands in one Cluster slot. Default `'jwt-sessions:'`.
   */
  keyPrefix?: string;
  /**
   * How long a command may take before the store counts Redis as unreachable (open, refresh and
   * revoke then answer 503), in milliseconds. Default `2000`.
   */
  commandTimeout?: number;
}

/** The Redis options after start-up validation. */
export interface ResolvedRedisSessionOptions {
  readonly url: string | undefined;
  readonly client: RedisClientLike | undefined;
  readonly keyPrefix: string;
  readonly commandTimeout: number;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(['url', 'client', 'keyPrefix', 'commandTimeout']);

/** Validates `sessions.redis` at start-up; `undefined` when it is not set (the in-memory store). */
export function resolveRedisSessionOptions(value: unknown): ResolvedRedisSessionOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    configError(
      '"sessions.redis" must be an object such as { url: \'redis://localhost:6379\' } or { client }.',
    );
  }
  const unknown = Object.keys(value).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0)
    configError(
      `unknown "sessions.redis" option ${JSON.stringify(unknown[0])}; the options are ${[...KNOWN_FIELDS].join(', ')}.`,
    );
  const { url, client, keyPrefix = 'jwt-sessions:', commandTimeout = 2000 } = value as RedisSessionOptions;
  if ((url === undefined) === (client === undefined)) {
    configError(
      '"sessions.redis" needs exactly one of "url" (such as \'redis://localhost:6379\') or "client" (an ioredis connection).',
    );
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\/./.test(url))) {
    configError(`"sessions.redis.url" must be a redis:// or rediss:// URL; got ${JSON.stringify(url)}.`);
  }
  if (
    client !== undefined &&
    (typeof client !== 'object' ||
      client === null ||
      typeof client.call !== 'function' ||
      typeof client.duplicate !== 'function')
  ) {
    configError(
      '"sessions.redis.client" must be an ioredis connection (new Redis(...) or new Cluster(...)).',
    );
  }
  if (typeof keyPrefix !== 'string' || keyPrefix === '' || /[{}\s]/.test(keyPrefix)) {
    configError(
      `"sessions.redis.keyPrefix" must be a non-empty string without braces or spaces; got ${JSON.stringify(keyPrefix)}.`,
    );
  }
  if (typeof commandTimeout !== 'number' || !Number.isFinite(commandTimeout) || commandTimeout <= 0) {
    configError(
      `"sessions.redis.commandTimeout" must be a positive number of milliseconds; got ${String(commandTimeout)}.`,
    );
  }
  return Object.freeze({ url, client, keyPrefix, commandTimeout });
}
