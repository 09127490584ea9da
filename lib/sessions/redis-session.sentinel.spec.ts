import Redis from 'ioredis';
import { describeWithRedis, startSentinel, type TestSentinel } from '../../test/support/redis-server';
import { describeStoresOnClients } from '../../test/support/redis-client-stores';
import { waitFor } from '../../test/support/session-store.contract';
import { hashRefreshToken, newIdentifier, newRefreshToken } from './refresh-token.util';
import type { Revocation } from './session.interface';

jest.setTimeout(30_000);

describeWithRedis('RedisSessionStore through Redis Sentinel', () => {
  let sentinel: TestSentinel;

  beforeAll(async () => {
    sentinel = await startSentinel();
  });

  afterAll(async () => {
    await sentinel?.stop();
  });

  const stores = describeStoresOnClients('Sentinel', () => {
    const client = new Redis({ sentinels: [...sentinel.sentinels], name: sentinel.name });
    // The failover makes the application's client report errors; this spec's does not need them.
    client.on('error', () => undefined);
    return client;
  });

  // Last: it leaves the replica as the master.
  it('follows a failover: the master killed, the replica promoted, the store works again and resyncs', async () => {
    const keyPrefix = stores.newPrefix();
    const [a, b] = [await stores.make(keyPrefix), await stores.make(keyPrefix)];
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
      expect(await stores.clientOf(a).call('WAIT', '1', '2000')).toBe(1);

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
      await Promise.all([stores.dispose(a), stores.dispose(b)]);
    }
  });
});
