import {
  resolveRedisSessionOptions,
  type RedisSessionOptions,
  type ResolvedRedisSessionOptions,
} from './redis-session.options';
import { configError, describeValue } from '../utils/config-error.util';

/**
 * Sessions that end: refresh tokens, rotation, revocation (the `sessions` option). Every field has
 * a default, so sessions work with none given; each is validated when the application starts.
 */
export interface JwtSessionOptions {
  /**
   * A refresh token unused for this many seconds expires: the idle timeout. Each refresh issues a
   * new one, so an active client stays logged in up to `absoluteLifetime`. Default `1209600` (14 days).
   */
  idleTimeout?: number;
  /**
   * The longest a session lasts, in seconds from `open()`, however often it is refreshed: after it
   * the user must log in again. At least `idleTimeout`. Default `2592000` (30 days).
   */
  absoluteLifetime?: number;
  /**
   * For how many seconds after a refresh token is used up it may be presented again without being
   * taken for a stolen one: it then yields a new pair in the same session. Covers two tabs, or a
   * retry after a lost response, refreshing at once. `0` turns it off (every second use is a reuse
   * and revokes the session). Shorter than `idleTimeout`. Default `10`.
   */
  reuseGracePeriod?: number;
  /**
   * Keep sessions in Redis, shared by every instance ({@link RedisSessionOptions}): a URL or an
   * `ioredis` connection, and a key prefix. Default: none, the in-memory store (one process).
   */
  redis?: RedisSessionOptions;
  /**
   * While the store's revocation feed is cut (Redis unreachable), access tokens are checked against
   * the revocations last known for at most this many seconds; after it they are refused with 503
   * `session_store_unavailable` until the feed is back and resynced (fail closed). Default `30`.
   */
  maxStaleness?: number;
  /**
   * Past `maxStaleness`, accept tokens against the last known revocations instead of refusing
   * them (fail open): the API stays up through a Redis outage, at the cost of missing the
   * revocations made meanwhile. Default `false`.
   */
  failOpen?: boolean;
}

/** The `sessions` options after start-up validation, in seconds. */
export interface ResolvedJwtSessionOptions {
  readonly idleTimeout: number;
  readonly absoluteLifetime: number;
  readonly reuseGracePeriod: number;
  /** The Redis store's settings; `undefined` for the in-memory store. */
  readonly redis: ResolvedRedisSessionOptions | undefined;
  readonly maxStaleness: number;
  readonly failOpen: boolean;
}

/** The defaults of {@link JwtSessionOptions}. */
export const DEFAULT_SESSION_OPTIONS: ResolvedJwtSessionOptions = Object.freeze({
  idleTimeout: 14 * 24 * 3600,
  absoluteLifetime: 30 * 24 * 3600,
  reuseGracePeriod: 10,
  redis: undefined,
  maxStaleness: 30,
  failOpen: false,
});

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'idleTimeout',
  'absoluteLifetime',
  'reuseGracePeriod',
  'redis',
  'maxStaleness',
  'failOpen',
]);

function seconds(name: string, value: unknown, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    configError(
      `"sessions.${name}" must be a ${allowZero ? 'finite number of seconds, 0 or more' : 'positive, finite number of seconds'}; got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Validates the `sessions` option once, at start-up, with messages that say how to fix it. */
export function resolveSessionOptions(value: JwtSessionOptions | undefined): ResolvedJwtSessionOptions {
  if (value === undefined) return DEFAULT_SESSION_OPTIONS;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    configError(
      '"sessions" must be an object of session options, such as { idleTimeout: 86400 }; leave it out for the defaults.',
    );
  }
  const unknown = Object.keys(value).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0)
    configError(
      `unknown "sessions" option ${JSON.stringify(unknown[0])}; the options are ${[...KNOWN_FIELDS].join(', ')}.`,
    );
  const idleTimeout = seconds('idleTimeout', value.idleTimeout, DEFAULT_SESSION_OPTIONS.idleTimeout);
  const absoluteLifetime = seconds(
    'absoluteLifetime',
    value.absoluteLifetime,
    Math.max(idleTimeout, DEFAULT_SESSION_OPTIONS.absoluteLifetime),
  );
  if (absoluteLifetime < idleTimeout) {
    configError(
      `"sessions.absoluteLifetime" (${absoluteLifetime} s) must be at least "sessions.idleTimeout" (${idleTimeout} s); shorten idleTimeout or lengthen absoluteLifetime.`,
    );
  }
  const reuseGracePeriod = seconds(
    'reuseGracePeriod',
    value.reuseGracePeriod,
    Math.min(DEFAULT_SESSION_OPTIONS.reuseGracePeriod, idleTimeout / 2),
    true,
  );
  if (reuseGracePeriod >= idleTimeout) {
    configError(
      `"sessions.reuseGracePeriod" (${reuseGracePeriod} s) must be shorter than "sessions.idleTimeout" (${idleTimeout} s); a few seconds is enough for concurrent refreshes.`,
    );
  }
  const maxStaleness = seconds(
    'maxStaleness',
    value.maxStaleness,
    DEFAULT_SESSION_OPTIONS.maxStaleness,
    true,
  );
  const failOpen = value.failOpen ?? false;
  if (typeof failOpen !== 'boolean')
    configError(`"sessions.failOpen" must be true or false; got ${JSON.stringify(failOpen)}.`);
  return Object.freeze({
    idleTimeout,
    absoluteLifetime,
    reuseGracePeriod,
    redis: resolveRedisSessionOptions(value.redis),
    maxStaleness,
    failOpen,
  });
}
