import Redis from 'ioredis';
import { describeWithRedis, startRedis, type TestRedis } from '../../test/support/redis-server';
import { hashRefreshToken, newRefreshToken } from './refresh-token.util';
import { resolveRedisSessionOptions } from './redis-session.options';
import { RedisSessionStore } from './redis-session.store';
import { describeSessionStoreContract, waitFor } from '../../test/support/session-store.contract';
import type { Revocation } from './session.interface';
import type { SessionStore } from './session.store';

describeWithRedis('RedisSessionStore', () => {
  let redis: TestRedis;
  let prefix = 0;

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  // Each store its own prefix: the specs share one server, as applications may.
  const makeStore = async () =>
    new RedisSessionStore(resolveRedisSessionOptions({ url: redis.url, keyPrefix: `t${++prefix}:` })!);
  const dispose = (store: SessionStore) => (store as RedisSessionStore).onApplicationShutdown();

  describeSessionStoreContract('RedisSessionStore', makeStore, dispose);

  // A store, and a connection of the spec's own to write what the store would not.
  describe('beside a raw connection', () => {
    let store: RedisSessionStore;
    let raw: Redis;
    const base = () => `{t${prefix}:}`;

    beforeEach(async () => {
      store = await makeStore();
      raw = new Redis(redis.url);
    });

    afterEach(async () => {
      raw.disconnect();
      await dispose(store);
    });

    describe('replies that are not what the store wrote', () => {
      it.each([
        ['a field missing', ['sid', 's1', 'userId', 'alice', 'issuedAt', '1']],
        [
          'a time that is not a number',
          ['sid', 's1', 'userId', 'alice', 'familyId', 'f', 'issuedAt', 'x', 'expiresAt', '1e999'],
        ],
        [
          'a used-at that is not a number',
          [
            'sid',
            's1',
            'userId',
            'alice',
            'familyId',
            'f',
            'issuedAt',
            '1',
            'expiresAt',
            '9',
            'usedAt',
            'soon',
          ],
        ],
      ])('reads a refresh token with %s as no token, and rotates none', async (_, fields) => {
        const hash = hashRefreshToken(newRefreshToken());
        await raw.hset(`${base()}r:${hash}`, ...fields);
        expect(await store.findRefreshToken(hash)).toBeUndefined();
        const next = {
          hash: 'n',
          sid: 's1',
          userId: 'alice',
          familyId: 'f',
          issuedAt: 1,
          expiresAt: Date.now() + 60_000,
        };
        expect(await store.rotateRefreshToken({ hash, next, now: Date.now(), gracePeriod: 0 })).toEqual({
          status: 'unknown',
        });
      });

      it('skips revocation records it cannot read when loading', async () => {
        const good: Revocation = { kind: 'token', jti: 'j1', expiresAt: Date.now() + 60_000 };
        await store.revoke(good, Date.now());
        await raw.hset(
          `${base()}revocations`,
          'token:x',
          'not json',
          'token:y',
          '{"kind":"token","jti":7,"expiresAt":1e99}',
        );
        expect(await store.loadRevocations(Date.now())).toEqual([good]);
      });

      it('ignores a message on its channel that it did not write', async () => {
        const seen: Revocation[] = [];
        await store.watchRevocations({ revoked: (revocation) => seen.push(revocation) });
        await raw.publish(`t${prefix}:revocations`, '{"kind":"session","sid":["s"],"expiresAt":1}');
        await raw.publish(`t${prefix}:revocations`, 'garbage');
        await raw.publish(`t${prefix}:revocations`, '0 {"kind":"token","jti":"j","expiresAt":1e99}');
        const good: Revocation = { kind: 'session', sid: 's2', expiresAt: Date.now() + 60_000 };
        await store.revoke(good, Date.now());
        await waitFor(() => seen.length > 0);
        expect(seen).toEqual([good]);
      });
    });

    describe('a revocation message lost on the way', () => {
      /** Writes a revocation as the store's script does, and publishes nothing: the message is lost. */
      async function revokeSilently(revocation: Revocation): Promise<number> {
        await raw.hset(
          `${base()}revocations`,
          `token:${(revocation as { jti: string }).jti}`,
          JSON.stringify(revocation),
        );
        return raw.incr(`${base()}revocations:seq`);
      }

      async function watch() {
        const known: Revocation[] = [];
        let resyncs = 0;
        await store.watchRevocations({
          revoked: (revocation) => known.push(revocation),
          resynced: (revocations) => {
            resyncs++;
            known.push(...revocations);
          },
        });
        await store.loadRevocations(Date.now());
        return { known, resyncs: () => resyncs };
      }

      it('is found by the next message, whose number skips it: the table is reloaded', async () => {
        const { known, resyncs } = await watch();
        const lost: Revocation = { kind: 'token', jti: 'lost', expiresAt: Date.now() + 60_000 };
        await revokeSilently(lost);
        const next: Revocation = { kind: 'token', jti: 'next', expiresAt: Date.now() + 60_000 };
        await store.revoke(next, Date.now());
        await waitFor(() =>
          known.some((revocation) => revocation.kind === 'token' && revocation.jti === 'lost'),
        );
        expect(resyncs()).toBe(1);
        expect(known).toEqual(expect.arrayContaining([lost, next]));
      });

      it('is found by the periodic check of the counter when no message follows it', async () => {
        const { known, resyncs } = await watch();
        const lost: Revocation = { kind: 'token', jti: 'lost', expiresAt: Date.now() + 60_000 };
        await revokeSilently(lost);
        await waitFor(
          () => known.some((revocation) => revocation.kind === 'token' && revocation.jti === 'lost'),
          3_000,
        );
        expect(resyncs()).toBe(1);
      });

      it('does not reload while every message arrives', async () => {
        const { known, resyncs } = await watch();
        for (let i = 0; i < 20; i++) {
          await store.revoke({ kind: 'token', jti: `j${i}`, expiresAt: Date.now() + 60_000 }, Date.now());
        }
        await waitFor(() => known.length === 20);
        // Two checks of the counter later, still no reload.
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        expect(resyncs()).toBe(0);
      });
    });
  });
});
