import type {
  RefreshTokenRecord,
  RefreshTokenRotation,
  Revocation,
  RevocationWatcher,
  RotationOutcome,
  SessionRecord,
  StopWatching,
} from './session.interface';
import { SessionStore, type SessionStoreConnection } from './session.store';

// Expired records are swept at most this often (in the service's time), on a write: no timer to
// keep a process alive, and a sweep costs one pass over what is stored.
const SWEEP_INTERVAL_MS = 60_000;

/** The key under which a revocation is kept: one record per token, session or user. */
export function revocationKey(revocation: Revocation): string {
  switch (revocation.kind) {
    case 'token':
      return `token:${revocation.jti}`;
    case 'session':
      return `session:${revocation.sid}`;
    default:
      return `user:${revocation.userId}`;
  }
}

/**
 * The default {@link SessionStore}: everything in this process's memory, nothing to install. Right
 * for one instance; sessions die with the process. Every method runs to completion without
 * yielding, so a rotation is atomic by construction.
 */
export class MemorySessionStore extends SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly revocations = new Map<string, Revocation>();
  private readonly watchers = new Set<RevocationWatcher>();
  private nextSweepAt = 0;

  /** Always connected: the records are in this process. */
  override connectionStatus(): SessionStoreConnection {
    return { connected: true };
  }

  /** How many sessions, refresh tokens and revocations are held (for tests and metrics). */
  get size(): { sessions: number; refreshTokens: number; revocations: number } {
    return {
      sessions: this.sessions.size,
      refreshTokens: this.refreshTokens.size,
      revocations: this.revocations.size,
    };
  }

  async createSession(session: SessionRecord, refreshToken: RefreshTokenRecord): Promise<void> {
    this.sweep(session.createdAt);
    this.sessions.set(session.sid, session);
    this.refreshTokens.set(refreshToken.hash, refreshToken);
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return this.refreshTokens.get(hash);
  }

  async rotateRefreshToken({ hash, next, now, gracePeriod }: RefreshTokenRotation): Promise<RotationOutcome> {
    this.sweep(now);
    const token = this.refreshTokens.get(hash);
    if (token === undefined) return { status: 'unknown' };
    const session = this.sessions.get(token.sid);
    // A session is kept until its end, revoked or not: one that is gone has expired.
    if (session === undefined) return { status: 'expired', session };
    if (this.isRevoked(session)) return { status: 'revoked', session };
    if (token.expiresAt <= now || session.expiresAt <= now) return { status: 'expired', session };
    if (token.usedAt !== undefined) {
      if (gracePeriod <= 0 || now - token.usedAt >= gracePeriod) {
        const revoked = { ...session, revoked: true };
        this.sessions.set(session.sid, revoked);
        return { status: 'reused', session: revoked };
      }
      this.refreshTokens.set(next.hash, next);
      return { status: 'grace', session };
    }
    this.refreshTokens.set(hash, { ...token, usedAt: now });
    this.refreshTokens.set(next.hash, next);
    return { status: 'rotated', session };
  }

  async revoke(revocation: Revocation, now: number): Promise<void> {
    this.sweep(now);
    if (revocation.kind === 'session') {
      const session = this.sessions.get(revocation.sid);
      if (session !== undefined && !session.revoked)
        this.sessions.set(session.sid, { ...session, revoked: true });
    }
    const key = revocationKey(revocation);
    const previous = this.revocations.get(key);
    // A user revoked twice: the later cut-off covers the earlier one.
    if (!(previous?.kind === 'user' && revocation.kind === 'user' && previous.before > revocation.before)) {
      this.revocations.set(key, revocation);
    }
    for (const watcher of this.watchers) watcher.revoked(revocation);
  }

  async loadRevocations(now: number): Promise<readonly Revocation[]> {
    return [...this.revocations.values()].filter((revocation) => revocation.expiresAt > now);
  }

  async watchRevocations(watcher: RevocationWatcher): Promise<StopWatching> {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** Whether the session was revoked, by itself or by a revocation of its user made since it opened. */
  private isRevoked(session: SessionRecord): boolean {
    if (session.revoked) return true;
    const user = this.revocations.get(`user:${session.userId}`);
    return user?.kind === 'user' && session.createdAt <= user.before;
  }

  /** Drops what has expired, at most once a minute. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [sid, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(sid);
    for (const [hash, token] of this.refreshTokens)
      if (token.expiresAt <= now) this.refreshTokens.delete(hash);
    for (const [key, revocation] of this.revocations)
      if (revocation.expiresAt <= now) this.revocations.delete(key);
  }
}
