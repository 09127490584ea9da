import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { JwtAuthClaims } from '../identity/identity.interface';
import { RevocationList } from './revocation.list';
import type { Revocation, StopWatching } from './session.interface';
import { SessionStore } from './session.store';

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
  private readonly clock: () => number;
  private stopWatching: StopWatching | undefined;

  constructor(
    private readonly store: SessionStore,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) options: Pick<ResolvedJwtAuthOptions, 'clock'>,
  ) {
    this.clock = options.clock;
    this.list = new RevocationList(options.clock);
  }

  /** Loads the revocations in force and follows the store's feed; an unreachable store fails the start. */
  async onModuleInit(): Promise<void> {
    this.stopWatching = await this.store.watchRevocations({
      revoked: (revocation) => this.apply(revocation),
      resynced: (revocations) => this.list.replace(revocations),
    });
    this.list.replace(await this.store.loadRevocations(this.clock()));
  }

  onModuleDestroy(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  /** How many revocation records are held in memory. */
  get size(): number {
    return this.list.size;
  }

  /** Whether a verified token is revoked: its `jti`, its session or its user. Memory only. */
  isRevoked(claims: JwtAuthClaims): boolean {
    return this.list.isRevoked(claims);
  }

  /** Records a revocation on this instance at once (a store's feed may bring it again: harmless). */
  apply(revocation: Revocation): void {
    this.list.add(revocation);
    for (const listener of this.listeners) {
      try {
        listener(revocation);
      } catch (error) {
        this.logger.error(`a revocation listener failed: ${String(error)}`);
      }
    }
  }

  /** Calls `listener` with every revocation applied from now on; returns how to stop. */
  onRevocation(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
