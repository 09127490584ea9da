import Redis from 'ioredis';
import { describeWithRedis, startSentinel, type TestSentinel } from '../../test/support/redis-server';
import { describeSessionStoreContract, waitFor } from '../../test/support/session-store.contract';
import { hashRefreshToken, newIdentifier, newRefreshToken } from './refresh-token.util';
import { resolveRedisSessionOptions } from './redis-session.options';
import { RedisSessionStore } from './redis-session.store';
import type { Revocation } from './session.interface';
import type { SessionStore } from './session.store';

jest.setTimeout(30_000);

describeWithRedis('RedisSessionStore through Redis Sentinel', () => {
  let sentinel: TestSentinel;
  const clients = new Map<SessionStore, Redis>();
  let prefix = 0;

  beforeAll(async () => {
    sentinel = await startSentinel();
  });

  afterAll(async () => {
    await sentinel?.stop();
  });

  const connect = () => {
    const client = new Redis({ sentinels: [...sentinel.sentinels], name: sentinel.name });
    // The failover makes the application's client report errors; this spec's does not need them.
    client.on('error', () => undefined);
    return client;
  };
  const makeStore = async (keyPrefix = `s${++prefix}:`) => {
    const client = connect();
    const store = new RedisSessionStore(resolveRedisSessionOptions({ client, keyPrefix })!);
    clients.set(store, client);
    return store;
  };
  const dispose = async (store: SessionStore) => {
    await (store as RedisSessionStore).onApplicationShutdown();
    clients.get(store)?.disconnect();
    clients.delete(store);
  };

  describeSessionStoreContract('RedisSessionStore (Sentinel client)', makeStore, dispose);

  it('hears on one store a revocation made through another', async () => {
    const keyPrefix = `s${++prefix}:`;
    const [a, b] = [await makeStore(keyPrefix), await makeStore(keyPrefix)];
    try {
      const seen: Revocation[] = [];
      await b.watchRevocations({ revoked: (revocation) => seen.push(revocation) });
      const revocation: Revocation = { kind: 'session', sid: 's1', expiresAt: Date.now() + 60_000 };
      await a.revoke(revocation, Date.now());
      await waitFor(() => seen.length === 1);
      expect(seen).toEqual([revocation]);
    } finally {
      await Promise.all([dispose(a), dispose(b)]);
    }
  });

  // Last: it leaves the replica as the master.
  it('follows a failover: the master killed, the replica promoted, the store works again and resyncs', async () => {
    const keyPrefix = `s${++prefix}:`;
    const [a, b] = [await makeStore(keyPrefix), await makeStore(keyPrefix)];
    try {
      const events: string[] = [];
      const seen: Revocation[] = [];
      await b.watchRevocations({
        revoked: (revocation) => seen.push(revocation),
        interrupted: () => events.push('interrupted'),
        resynced: (revocations) => {
          events.push('resynced');
          seen.push(...revocations);
        },
      });
      const now = Date.now();
      const sid = newIdentifier();
      const session = {
        sid,
        userId: 'alice',
        familyId: newIdentifier(),
        claims: {},
        createdAt: now,
        expiresAt: now + 60_000,
        revoked: false,
      };
      const token = {
        hash: hashRefreshToken(newRefreshToken()),
        sid,
        userId: 'alice',
        familyId: session.familyId,
        issuedAt: now,
        expiresAt: now + 60_000,
      };
      await a.createSession(session, token);
      const before: Revocation = { kind: 'token', jti: 'j-before', expiresAt: now + 60_000 };
      await a.revoke(before, now);
      await waitFor(() => seen.length === 1);
      // The replica has what the master acknowledged before it dies (WAIT: replicated to one).
      expect(await clients.get(a)!.call('WAIT', '1', '2000')).toBe(1);

      const started = Date.now();
      await sentinel.master.kill();
      const after: Revocation = { kind: 'session', sid, expiresAt: now + 60_000 };
      // Sentinel takes the master for down after 1 s, then promotes the replica.
      for (;;) {
        try {
          await a.revoke(after, Date.now());
          break;
        } catch (error) {
          if (Date.now() - started > 20_000) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      process.stdout.write(
        `sentinel failover: the store wrote again ${Date.now() - started} ms after the master died\n`,
      );
      // What b knows, as a watcher does: heard after it resubscribed, or loaded by its resync.
      await waitFor(() => events.includes('resynced') && seen.some((r) => r.kind === 'session'), 10_000);
      expect(events).toEqual(['interrupted', 'resynced']);
      expect(seen).toEqual(expect.arrayContaining([before, after]));
      const next = { ...token, hash: hashRefreshToken(newRefreshToken()) };
      expect(
        (await b.rotateRefreshToken({ hash: token.hash, next, now: Date.now(), gracePeriod: 0 })).status,
      ).toBe('revoked');
    } finally {
      await Promise.all([dispose(a), dispose(b)]);
    }
  });
});
