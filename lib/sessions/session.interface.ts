/**
 * A login session as a {@link SessionStore} keeps it: opened by `SessionService.open()`, extended by
 * each refresh, ended by a revocation or its absolute lifetime. Times are milliseconds since the epoch.
 */
export interface SessionRecord {
  /** The session id, written as the `sid` claim of every access token issued in the session. */
  readonly sid: string;
  /** The user the session belongs to (the tokens' `sub`). */
  readonly userId: string;
  /** The session's refresh-token family: the chain of refresh tokens rotated from the first one. */
  readonly familyId: string;
  /** Claims written into every access token of the session, as given to `open()`. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** When the session was opened. */
  readonly createdAt: number;
  /** When the session ends whatever happens (the absolute lifetime): no refresh succeeds after it. */
  readonly expiresAt: number;
  /** Whether the session was revoked: none of its refresh tokens is accepted any more. */
  readonly revoked: boolean;
}

/**
 * A refresh token as a store keeps it: never the token itself, only its SHA-256 hash, bound to its
 * user, session and family. Times are milliseconds since the epoch.
 */
export interface RefreshTokenRecord {
  /** SHA-256 of the token, base64url: the key the token is found by. */
  readonly hash: string;
  /** The session the token belongs to. */
  readonly sid: string;
  /** The user of that session. */
  readonly userId: string;
  /** The session's refresh-token family. */
  readonly familyId: string;
  /** When it was issued. */
  readonly issuedAt: number;
  /** When it expires unused: its issue plus the idle timeout, capped by the session's absolute end. */
  readonly expiresAt: number;
  /** When it was used up by a rotation; `undefined` while it is unused. */
  readonly usedAt?: number;
}

/**
 * What a revocation covers, as each instance keeps it in memory for the request path and as a
 * store records and broadcasts it. `expiresAt` (milliseconds) is when every token it covers has
 * expired, after which the record is forgotten.
 *
 * - `token`: one access token, by its `jti`;
 * - `session`: every access and refresh token of one session (`sid`);
 * - `user`: every access and refresh token of a user issued at or before `before` (milliseconds).
 */
export type Revocation =
  | { readonly kind: 'token'; readonly jti: string; readonly expiresAt: number }
  | { readonly kind: 'session'; readonly sid: string; readonly expiresAt: number }
  | { readonly kind: 'user'; readonly userId: string; readonly before: number; readonly expiresAt: number };

/** One atomic rotation, as `SessionService.refresh()` asks a store for it. */
export interface RefreshTokenRotation {
  /** The hash of the presented refresh token. */
  readonly hash: string;
  /** The token to store if the rotation succeeds, in the same session and family. */
  readonly next: RefreshTokenRecord;
  /** Now, in milliseconds since the epoch (the service's clock). */
  readonly now: number;
  /** How long after its use a used token still rotates (the grace period), in milliseconds. */
  readonly gracePeriod: number;
}

/**
 * The answer of an atomic rotation:
 * - `rotated`: the token was unused and valid; it is now used up, `next` is stored;
 * - `grace`: the token was used up less than the grace period ago; `next` is stored in the same session;
 * - `reused`: the token was used up longer ago: the session is now marked revoked;
 * - `revoked`: the session was revoked (or the user revoked since it was opened);
 * - `expired`: the token or the session has expired;
 * - `unknown`: no such token (never issued, or forgotten after it expired).
 */
export type RotationOutcome =
  | { readonly status: 'rotated' | 'grace'; readonly session: SessionRecord }
  | { readonly status: 'reused' | 'revoked' | 'expired'; readonly session: SessionRecord | undefined }
  | { readonly status: 'unknown'; readonly session?: undefined };

/** Receives the revocations a store broadcasts, from this instance and every other. */
export interface RevocationWatcher {
  /** A revocation was made (on any instance, this one included). */
  revoked(revocation: Revocation): void;
  /**
   * The feed was cut (the store is unreachable): revocations made meanwhile may be missing until
   * {@link RevocationWatcher.resynced}. Stores whose feed cannot be cut (in memory) never call it.
   */
  interrupted?(): void;
  /** The feed is back, and `revocations` is the whole current state, which replaces the old one. */
  resynced?(revocations: readonly Revocation[]): void;
}

/** Stops a {@link RevocationWatcher} from being called. */
export type StopWatching = () => void;
