import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { MemorySessionStore } from './memory-session.store';
import { RevocationState } from './revocation.state';
import type { RevocationWatcher } from './session.interface';

const NOW = Date.UTC(2026, 0, 1);

/** The in-memory store, with a feed the spec cuts and restores by hand, as Redis would. */
class FeedStore extends MemorySessionStore {
  watcher: RevocationWatcher | undefined;
  override async watchRevocations(watcher: RevocationWatcher) {
    this.watcher = watcher;
    return super.watchRevocations(watcher);
  }
}

async function setup(sessions: JwtAuthOptions['sessions'] = {}) {
  const clock = { now: NOW };
  const store = new FeedStore();
  const state = new RevocationState(
    store,
    resolveJwtAuthOptions({ secret: 's'.repeat(64), clock: () => clock.now, sessions }),
  );
  await state.onModuleInit();
  return { clock, store, state, watcher: store.watcher! };
}

const claims = { sub: 'alice', sid: 's1', jti: 'j1', iat: NOW / 1000 };

describe('RevocationState', () => {
  it('accepts a token while the feed is cut, for up to maxStaleness', async () => {
    const { clock, state, watcher } = await setup({ maxStaleness: 30 });
    watcher.interrupted!();
    clock.now += 30_000;
    expect(state.check(claims)).toBeUndefined();
    expect(state.current).toBe(false);
  });

  it('refuses every token with session_store_unavailable once the feed has been cut longer (fail closed)', async () => {
    const { clock, state, watcher } = await setup({ maxStaleness: 30 });
    watcher.interrupted!();
    clock.now += 30_001;
    expect(state.check(claims)).toBe('session_store_unavailable');
  });

  it('still says token_revoked for what it knows is revoked, stale or not', async () => {
    const { clock, state, watcher } = await setup({ maxStaleness: 30 });
    state.apply({ kind: 'session', sid: 's1', expiresAt: NOW + 3_600_000 });
    watcher.interrupted!();
    clock.now += 60_000;
    expect(state.check(claims)).toBe('token_revoked');
  });

  it('with failOpen, accepts tokens against the last known state however long the feed is cut', async () => {
    const { clock, state, watcher } = await setup({ maxStaleness: 30, failOpen: true });
    watcher.interrupted!();
    clock.now += 3_600_000;
    expect(state.check(claims)).toBeUndefined();
  });

  it('counts the staleness from the first interruption, not the last', async () => {
    const { clock, state, watcher } = await setup({ maxStaleness: 30 });
    watcher.interrupted!();
    clock.now += 20_000;
    watcher.interrupted!();
    clock.now += 20_000;
    expect(state.check(claims)).toBe('session_store_unavailable');
  });

  it('trusts its state again only once resynced, with the state the store hands over', async () => {
    const { clock, state, watcher } = await setup({ maxStaleness: 30 });
    watcher.interrupted!();
    clock.now += 60_000;
    watcher.resynced!([{ kind: 'session', sid: 's1', expiresAt: clock.now + 60_000 }]);
    expect(state.current).toBe(true);
    expect(state.check(claims)).toBe('token_revoked');
    expect(state.check({ ...claims, sid: 's2', jti: 'j2' })).toBeUndefined();
  });

  describe('feedStatus', () => {
    it('is current, and refuses nothing, while the feed flows', async () => {
      const { state } = await setup();
      expect(state.feedStatus).toEqual({ current: true, staleSince: undefined, refusingTokens: false });
    });

    it('says since when the feed is cut, and that tokens are not refused yet within maxStaleness', async () => {
      const { clock, state, watcher } = await setup({ maxStaleness: 30 });
      watcher.interrupted!();
      clock.now += 30_000;
      expect(state.feedStatus).toEqual({ current: false, staleSince: NOW, refusingTokens: false });
    });

    it('says tokens are refused once the feed has been cut longer than maxStaleness', async () => {
      const { clock, state, watcher } = await setup({ maxStaleness: 30 });
      watcher.interrupted!();
      clock.now += 30_001;
      expect(state.feedStatus.refusingTokens).toBe(true);
    });

    it('never says tokens are refused with failOpen', async () => {
      const { clock, state, watcher } = await setup({ maxStaleness: 30, failOpen: true });
      watcher.interrupted!();
      clock.now += 3_600_000;
      expect(state.feedStatus).toMatchObject({ current: false, refusingTokens: false });
    });
  });
});
