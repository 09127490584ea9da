import type { Ace } from '../authorization/acl.interface';
import type { CallType } from '../credentials/request-context.util';
import type { CallRefusalCode } from '../refusal/refusal-code.interface';
import type { Revocation } from '../sessions/session.interface';

/** The transport of a call, as the guard sees it. */
export type CallTransport = CallType;

/**
 * Where a call went: its transport, its handler (`NotesController.list`) and, over HTTP, its route
 * (`GET /notes`, without the query string).
 */
export interface CallDescription {
  readonly transport: CallTransport;
  /**
   * `Class.method` of the handler the call reached; `(connection)` for a connection authenticated
   * as it opens, outside any handler (graphql-ws `connection_init`, `authenticateConnection()`).
   */
  readonly handler: string;
  /** `METHOD /path` over HTTP; `undefined` on other transports. */
  readonly route: string | undefined;
}

/**
 * A call's token was verified and its user accepted by the GroupFinder. Emitted once per request
 * (once per connection on a WebSocket), before the permission is checked.
 */
export interface AuthenticatedEvent extends CallDescription {
  /** The user id: the token's `sub`. */
  readonly userId: string;
  /** The user's principals: the user id, groups, `system.Everyone`, `system.Authenticated`. */
  readonly principals: readonly string[];
  /** The token's `iss`, when it has one. */
  readonly issuer: string | undefined;
  /** The token's `jti`, when it has one: enough to revoke the token, never the token itself. */
  readonly tokenId: string | undefined;
  /** The token's `sid`, when it belongs to a session. */
  readonly sessionId: string | undefined;
}

/** A call was refused: the guard answered 401, 403, 400 or 503 (or its transport's equivalent). */
export interface RefusedEvent extends CallDescription {
  /** Why, as a stable code (`token_expired`, `permission_denied`...). */
  readonly code: CallRefusalCode;
  /** The refused user's id; `null` when the call was anonymous. */
  readonly userId: string | null;
  /** The permissions the route requires (any one suffices), or the scopes it lacks for `scope_missing`. */
  readonly required: readonly string[];
}

/** An authenticated user lacks the permission the route requires (followed by `refused`). */
export interface PermissionDeniedEvent extends CallDescription {
  readonly userId: string;
  readonly principals: readonly string[];
  /** The permission checked last (a route that accepts several checks each in turn). */
  readonly permission: string;
  /** The ACE that denied it; `undefined` when none matched (the default deny). */
  readonly ace: Ace | undefined;
  /**
   * The resource it was checked on, described by its `toString()`, or its class and `__name__` or
   * `id`, never its contents; `undefined` for the root ACL (a route without a resource loader).
   */
  readonly resource: string | undefined;
}

/** This instance revoked a token, a session or a user (`SessionService`). */
export interface TokenRevokedEvent {
  /** What was revoked: a token (by its `jti`), a session (by its `sid`) or a user's tokens. */
  readonly revocation: Revocation;
  /** When, in milliseconds since the epoch. */
  readonly at: number;
}

/** A refresh token used up longer ago than the grace period came back: its session is revoked. */
export interface RefreshTokenReusedEvent {
  /** The revoked session. */
  readonly sessionId: string;
  /** Its user. */
  readonly userId: string;
  /** Its refresh-token family. */
  readonly familyId: string;
  /** When the reused token had been used up, in milliseconds since the epoch. */
  readonly usedAt: number | undefined;
  /** When it came back, in milliseconds since the epoch. */
  readonly at: number;
}

/** A fetch of a JWK Set failed; the last good key set, if any, is kept. */
export interface JwksRefreshFailedEvent {
  /** The JWK Set's URL, without its query string. */
  readonly uri: string;
  /** Why: `unavailable` (network error, timeout, status), `too_large`, `malformed` or `private_key`. */
  readonly reason: string;
  /** The error's message. */
  readonly message: string;
  /** Whether a key set fetched before is still in use. */
  readonly keptLastGood: boolean;
}

/**
 * A token was verified with a key set older than its `cacheMaxAge` because fetching a newer one
 * failed: the rule of `staleKeysInUse` in `jwksStatus()` and the JWKS health check. Emitted once per
 * failed fetch, when the rule starts to hold: at the failure of the refresh that a stale use started,
 * or at the first stale use after a failure.
 */
export interface StaleKeysInUseEvent {
  /** The JWK Set's URL, without its query string. */
  readonly uri: string;
  /** How old the key set in use is, in milliseconds. */
  readonly age: number;
}

/** Cookie mode's sliding reissue wrote a new token cookie. */
export interface CookieReissuedEvent {
  readonly userId: string;
  /** The token's `sid`, when it belongs to a session. */
  readonly sessionId: string | undefined;
  /** The new token's lifetime, in seconds. */
  readonly expiresIn: number;
}

/** A cookie-authenticated request on an unsafe method failed its CSRF check (the call is anonymous). */
export interface CsrfFailedEvent {
  /** `csrf_missing` (no header) or `csrf_invalid` (a header that does not match). */
  readonly code: 'csrf_missing' | 'csrf_invalid';
  /** The cookie's user, or the refresh cookie's. */
  readonly userId: string;
  /** The request's method. */
  readonly method: string | undefined;
}

/**
 * Every event of {@link JwtAuthEvents}, by name. None carries a token, a refresh token, a CSRF token
 * or a key.
 */
export interface JwtAuthEventMap {
  authenticated: AuthenticatedEvent;
  refused: RefusedEvent;
  permissionDenied: PermissionDeniedEvent;
  tokenRevoked: TokenRevokedEvent;
  refreshTokenReused: RefreshTokenReusedEvent;
  jwksRefreshFailed: JwksRefreshFailedEvent;
  staleKeysInUse: StaleKeysInUseEvent;
  cookieReissued: CookieReissuedEvent;
  csrfFailed: CsrfFailedEvent;
}

/** The name of an event of {@link JwtAuthEvents}. */
export type JwtAuthEventName = keyof JwtAuthEventMap;

/** The names, in the order of the docs. */
export const JWT_AUTH_EVENT_NAMES: readonly JwtAuthEventName[] = Object.freeze([
  'authenticated',
  'refused',
  'permissionDenied',
  'tokenRevoked',
  'refreshTokenReused',
  'jwksRefreshFailed',
  'staleKeysInUse',
  'cookieReissued',
  'csrfFailed',
]);

/** The prefix of the events' names on `@nestjs/event-emitter`: `@OnEvent('jwt-auth.refused')`. */
export const NEST_EVENT_PREFIX = 'jwt-auth.';
