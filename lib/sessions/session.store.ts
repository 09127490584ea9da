import type {
  RefreshTokenRecord,
  RefreshTokenRotation,
  Revocation,
  RevocationWatcher,
  RotationOutcome,
  SessionRecord,
  StopWatching,
} from './session.interface';

/** Whether a {@link SessionStore} can be reached, as far as it knows without asking the network. */
export interface SessionStoreConnection {
  /** `true` while the store's connections are up. */
  readonly connected: boolean;
  /** The state of each connection, for a person reading the health check (`client: ready, subscriber: connecting`). */
  readonly detail?: string;
}

/**
 * Where sessions, refresh tokens and revocations live: both the contract and the DI token.
 * `JwtAuthModule` provides the in-memory store by default (one process) or the Redis store
 * (`sessions.redis`); to keep them in your own database, extend this class (an `@Injectable()`
 * that may inject your connection) and pass it as `JwtAuthModule.forRoot({ sessionStore: MyStore })`.
 *
 * Every method may reject when the store cannot be reached: `SessionService` then answers
 * `session_store_unavailable` (503). Throw {@link SessionStoreUnavailableError} for that; anything
 * else thrown is treated as a bug. Times are milliseconds since the epoch, from the service's clock;
 * a store never reads a clock of its own, so tests and instances agree on "now".
 */
export abstract class SessionStore {
  /**
   * Stores a new session and its first refresh token, both or neither. Records may be dropped once
   * past their `expiresAt` (the session's, the token's).
   */
  abstract createSession(session: SessionRecord, refreshToken: RefreshTokenRecord): Promise<void>;

  /**
   * The refresh token of this hash, used or not, or `undefined` when there is none (or it has
   * expired and was dropped). Must return what was stored, or `undefined`: never a partial record.
   */
  abstract findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined>;

  /**
   * Rotates a refresh token, **atomically**: between reading the token and writing its new state,
   * no other rotation of the same token (on any instance) may interleave, so that of many parallel
   * refreshes of one token exactly one gets `rotated` and the others `grace` or `reused`. In this
   * order, the first that applies:
   *
   * 1. no token of `rotation.hash` → `unknown`;
   * 2. its session is missing (dropped after its end) → `expired`;
   * 3. its session is marked revoked, or was opened at or before a `user` revocation of its user
   *    → `revoked`;
   * 4. the token's or the session's `expiresAt` is not after `now` → `expired`;
   * 5. the token is used, the grace period is not 0 and `now - usedAt < gracePeriod` (which holds
   *    when `now` precedes `usedAt`: instances' clocks differ) → store `next`, answer `grace`;
   * 6. the token is used, longer ago → mark the session revoked, answer `reused`;
   * 7. otherwise mark the token used at `now`, store `next`, answer `rotated`.
   */
  abstract rotateRefreshToken(rotation: RefreshTokenRotation): Promise<RotationOutcome>;

  /**
   * Records a revocation and broadcasts it to every watcher, on every instance, this one
   * included. A `session` revocation marks the session revoked (a revoked session is kept until
   * its own end, so that its refresh tokens answer `revoked`); a `user` one refuses the refresh
   * tokens of every session of that user opened at or before `before`, and a later `before`
   * replaces an earlier one, never the reverse. Idempotent. Kept at least until its `expiresAt`;
   * `now` lets the store drop the records that are past theirs.
   */
  abstract revoke(revocation: Revocation, now: number): Promise<void>;

  /** Every revocation whose `expiresAt` is after `now`: what an instance loads at start-up. */
  abstract loadRevocations(now: number): Promise<readonly Revocation[]>;

  /**
   * Calls `watcher` with every revocation made from now on, on any instance. A store whose feed can
   * be cut calls `interrupted()` when it is, then `resynced()` with the whole state once it is back.
   */
  abstract watchRevocations(watcher: RevocationWatcher): Promise<StopWatching>;

  /**
   * Whether the store can be reached now, from the state of its connections (no round trip): what
   * `JwtAuthHealthIndicator` reports. `undefined`, the default, when the store does not say; a
   * store of your own overrides it to report its connection.
   */
  connectionStatus(): SessionStoreConnection | undefined {
    return undefined;
  }
}

/** Thrown by a {@link SessionStore} that cannot be reached; answered 503 `session_store_unavailable`. */
export class SessionStoreUnavailableError extends Error {
  override readonly name = 'SessionStoreUnavailableError';

  constructor(message = 'The session store cannot be reached', options?: { cause?: unknown }) {
    super(message, options);
  }
}
