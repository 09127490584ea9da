import type { VerifiedClaims } from '../identity/identity.interface';
import { issueTimeOfTokenId } from './refresh-token.util';
import type { Revocation } from './session.interface';

// Expired records are swept at most this often, on a write: no timer, and the lookup never sweeps.
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The revocations an instance holds in memory, for the request path: three maps, one lookup each,
 * never a network call. A record is dropped once every token it covers has expired, so memory is
 * bounded by the live tokens that were revoked.
 */
export class RevocationList {
  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { before: number; expiresAt: number }>();
  private nextSweepAt = 0;

  constructor(private readonly clock: () => number) {}

  /** How many records are held. */
  get size(): number {
    return this.tokens.size + this.sessions.size + this.users.size;
  }

  /**
   * Whether verified claims are covered by a revocation: their `jti`, their `sid`, or their user
   * (`sub`) revoked at or after they were issued (a token without `iat` counts as issued before;
   * within the second of `iat`, the time in the `jti` decides, and without one the token is). Claims
   * of the wrong type match nothing. An expired record may still match until swept: only tokens
   * that have expired too, which verification refuses anyway.
   */
  isRevoked(claims: VerifiedClaims): boolean {
    if (this.size === 0) return false;
    const { jti, sid, sub, iat } = claims;
    if (typeof jti === 'string' && this.tokens.has(jti)) return true;
    if (typeof sid === 'string' && this.sessions.has(sid)) return true;
    if (typeof sub !== 'string') return false;
    const user = this.users.get(sub);
    return user !== undefined && issuedBefore(iat, jti, user.before);
  }

  /** Adds a revocation; a later cut-off for a user replaces an earlier one, never the reverse. */
  add(revocation: Revocation): void {
    const now = this.clock();
    if (revocation.expiresAt <= now) return;
    this.sweep(now);
    switch (revocation.kind) {
      case 'token':
        this.tokens.set(revocation.jti, Math.max(revocation.expiresAt, this.tokens.get(revocation.jti) ?? 0));
        break;
      case 'session':
        this.sessions.set(
          revocation.sid,
          Math.max(revocation.expiresAt, this.sessions.get(revocation.sid) ?? 0),
        );
        break;
      default: {
        const previous = this.users.get(revocation.userId);
        this.users.set(revocation.userId, {
          before: Math.max(revocation.before, previous?.before ?? 0),
          expiresAt: Math.max(revocation.expiresAt, previous?.expiresAt ?? 0),
        });
      }
    }
  }

  /** Replaces every record with `revocations`: the whole state, after a resync. */
  replace(revocations: readonly Revocation[]): void {
    this.tokens.clear();
    this.sessions.clear();
    this.users.clear();
    for (const revocation of revocations) this.add(revocation);
  }

  /** Drops the records whose tokens have all expired, now (the state calls it from a timer too). */
  sweepExpired(): void {
    this.nextSweepAt = 0;
    this.sweep(this.clock());
  }

  /** Drops the records whose tokens have all expired, at most once a minute. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [jti, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(jti);
    for (const [sid, expiresAt] of this.sessions) if (expiresAt <= now) this.sessions.delete(sid);
    for (const [userId, user] of this.users) if (user.expiresAt <= now) this.users.delete(userId);
  }
}

/** Whether a token issued at `iat` (seconds), with this `jti`, was issued at or before `cutOff` (milliseconds). */
function issuedBefore(iat: unknown, jti: unknown, cutOff: number): boolean {
  if (typeof iat !== 'number') return true;
  const second = Math.floor(cutOff / 1000);
  if (iat !== second) return iat < second;
  const issuedAt = issueTimeOfTokenId(jti);
  return issuedAt === undefined || Math.floor(issuedAt / 1000) !== iat || issuedAt <= cutOff;
}
