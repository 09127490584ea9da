import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { VerifiedClaims } from '../identity/identity.interface';
import type { AnonymousReason } from '../refusal/refusal-code.interface';
import { OpenConnectionsRegistry } from './open-connections.registry';
import { RevocationList } from './revocation.list';
import type { Revocation, StopWatching } from './session.interface';
import { SessionStore } from './session.store';

const SWEEP_EVERY_MS = 60_000;

/** How current this instance's revocations are, for health checks. */
export interface RevocationFeedStatus {
  /** Whether the store's feed flows (always, with the in-memory store). */
  readonly current: boolean;
  /** Since when the feed is cut (milliseconds since the epoch); `undefined` while it flows. */
  readonly staleSince: number | undefined;
  /**
   * Whether access tokens are refused now with `session_store_unavailable`: the feed has been cut
   * for longer than `sessions.maxStaleness`, and `sessions.failOpen` is off.
   */
  readonly refusingTokens: boolean;
}

/** Called with each revocation this instance learns of, its own and every other instance's. */
export type RevocationListener = (revocation: Revocation) => void;

/**
 * This instance's view of the revocations, kept in memory so that the request path never waits
 * for the network: loaded from the {@link SessionStore} at start-up, then kept current by the
 * store's feed. The guard asks it about every verified token.
 */
@Injectable()
export class RevocationState implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('JwtAuth');
  private readonly list: RevocationList;
  private readonly listeners = new Set<RevocationListener>();
  private readonly connections = new OpenConnectionsRegistry();
  private readonly clock: () => number;
  private readonly maxStaleness: number;
  private readonly failOpen: boolean;
  private stopWatching: StopWatching | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  /** Since when the store's feed is cut (milliseconds); `undefined` while it flows. */
  private staleSince: number | undefined;

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    private readonly store: SessionStore,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) options: Pick<ResolvedJwtAuthOptions, 'clock' | 'sessions'>,
  ) {
    this.clock = options.clock;
    this.maxStaleness = options.sessions.maxStaleness * 1000;
    this.failOpen = options.sessions.failOpen;
    this.list = new RevocationList(options.clock);
  }

  /** Loads the revocations in force and follows the store's feed; an unreachable store fails the start. */
  async onModuleInit(): Promise<void> {
    this.stopWatching = await this.store.watchRevocations({
      revoked: (revocation) => this.apply(revocation),
      interrupted: () => {
        this.staleSince ??= this.clock();
      },
      resynced: (revocations) => {
        this.replace(revocations);
        this.staleSince = undefined;
      },
    });
    this.replace(await this.store.loadRevocations(this.clock()));
    // Records are also swept on each new revocation; the timer frees them when none comes.
    this.sweeper = setInterval(() => this.list.sweepExpired(), SWEEP_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    clearInterval(this.sweeper);
  }

  /** How many revocation records are held in memory. */
  get size(): number {
    return this.list.size;
  }

  /** Whether a verified token is revoked: its `jti`, its session or its user. Memory only. */
  isRevoked(claims: VerifiedClaims): boolean {
    return this.list.isRevoked(claims);
  }

  /**
   * Why verified claims are refused, if they are: `token_revoked`, or `session_store_unavailable`
   * when the store's feed has been cut for longer than `sessions.maxStaleness` (unless
   * `sessions.failOpen`), so the revocations known may be missing some. Memory only.
   */
  check(
    claims: VerifiedClaims,
  ): Extract<AnonymousReason, 'token_revoked' | 'session_store_unavailable'> | undefined {
    if (this.list.isRevoked(claims)) return 'token_revoked';
    return this.tooStale() ? 'session_store_unavailable' : undefined;
  }

  // The feed has been cut for longer than maxStaleness, and failing open is off.
  private tooStale(): boolean {
    if (this.staleSince === undefined || this.failOpen) return false;
    return this.clock() - this.staleSince > this.maxStaleness;
  }

  /** Whether the revocations are current: the store's feed flows (always, with the in-memory store). */
  get current(): boolean {
    return this.staleSince === undefined;
  }

  /** How current the revocations are, and whether tokens are refused for it: read, never fetched. */
  get feedStatus(): RevocationFeedStatus {
    return {
      current: this.staleSince === undefined,
      staleSince: this.staleSince,
      refusingTokens: this.tooStale(),
    };
  }

  /**
   * Follows an open WebSocket authenticated with `claims`: a revocation that covers them closes it
   * (4401 on `ws`, a disconnect on socket.io). The guard calls it for each authenticated connection.
   */
  trackConnection(client: object, claims: VerifiedClaims): void {
    this.connections.track(client, claims);
  }

  /** Records a revocation on this instance at once (a store's feed may bring it again: harmless). */
  apply(revocation: Revocation): void {
    this.list.add(revocation);
    this.connections.closeRevoked((claims) => this.list.isRevoked(claims));
    for (const listener of this.listeners) {
      try {
        listener(revocation);
      } catch (error) {
        this.logger.error(`a revocation listener failed: ${String(error)}`);
      }
    }
  }

  /** Replaces the whole state (at start-up, after a resync), closing what it now revokes. */
  private replace(revocations: readonly Revocation[]): void {
    this.list.replace(revocations);
    this.connections.closeRevoked((claims) => this.list.isRevoked(claims));
  }

  /** Calls `listener` with every revocation applied from now on; returns how to stop. */
  onRevocation(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
