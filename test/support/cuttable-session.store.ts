import { Injectable } from '@nestjs/common';
import type { RevocationWatcher } from 'nestjs-jwt-permissions';
import { MemorySessionStore } from '../../lib/sessions/memory-session.store';

/**
 * The in-memory store with a revocation feed that a spec cuts and restores, as a Redis outage
 * and its end would: the instance's `RevocationState` sees the same `interrupted` and `resynced`.
 */
@Injectable()
export class CuttableSessionStore extends MemorySessionStore {
  private readonly feeds: RevocationWatcher[] = [];

  override async watchRevocations(watcher: RevocationWatcher) {
    this.feeds.push(watcher);
    return super.watchRevocations(watcher);
  }

  /** Cuts the feed: the instance's revocations may be out of date from now on. */
  cut(): void {
    for (const feed of this.feeds) feed.interrupted?.();
  }

  /** Restores the feed, handing over the revocations in force at `now` (milliseconds). */
  async restore(now: number): Promise<void> {
    const revocations = await this.loadRevocations(now);
    for (const feed of this.feeds) feed.resynced?.(revocations);
  }
}
