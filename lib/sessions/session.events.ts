import type { Revocation } from './session.interface';

/** What `SessionService` emits when a used refresh token comes back: its session is revoked. */
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

/**
 * The events of `SessionService.events`, a Node `EventEmitter`:
 * `sessions.events.on('refreshTokenReused', (event) => alertSecurityTeam(event))`.
 *
 * - `refreshTokenReused`: a refresh token used up longer ago than the grace period was presented
 *   again (it may have been stolen); its session has been revoked.
 * - `revoked`: this instance made a revocation (a token, a session or a user).
 */
export interface SessionEvents {
  refreshTokenReused: [event: RefreshTokenReusedEvent];
  revoked: [revocation: Revocation];
}
