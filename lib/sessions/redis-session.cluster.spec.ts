import { Cluster } from 'ioredis';
import { describeWithRedis, startCluster, type TestCluster } from '../../test/support/redis-server';
import { describeSessionStoreContract, waitFor } from '../../test/support/session-store.contract';
import { resolveRedisSessionOptions } from './redis-session.options';
import { RedisSessionStore } from './redis-session.store';
import type { Revocation } from './session.interface';
import type { SessionStore } from './session.store';

jest.setTimeout(30_000);

describeWithRedis('RedisSessionStore on a Redis Cluster', () => {
  let cluster: TestCluster;
  const clients = new Map<SessionStore, Cluster>();
  let prefix = 0;

  beforeAll(async () => {
    cluster = await startCluster();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const connect = () => new Cluster([...cluster.nodes]);
  const makeStore = async (keyPrefix = `c${++prefix}:`) => {
    const client = connect();
    const store = new RedisSessionStore(resolveRedisSessionOptions({ client, keyPrefix })!);
    clients.set(store, client);
    return store;
  };
  const dispose = async (store: SessionStore) => {
    await (store as RedisSessionStore).onApplicationShutdown();
    await clients.get(store)?.quit();
    clients.delete(store);
  };

  describeSessionStoreContract('RedisSessionStore (Cluster client)', makeStore, dispose);

  it('hears on one store a revocation made through another, whichever node each listens on', async () => {
    const keyPrefix = `c${++prefix}:`;
    const [a, b] = [await makeStore(keyPrefix), await makeStore(keyPrefix)];
    try {
      const seen: Revocation[] = [];
      await b.watchRevocations({ revoked: (revocation) => seen.push(revocation) });
      const revocation: Revocation = {
        kind: 'user',
        userId: 'alice',
        before: Date.now(),
        expiresAt: Date.now() + 60_000,
      };
      await a.revoke(revocation, Date.now());
      await waitFor(() => seen.length === 1);
      expect(seen).toEqual([revocation]);
      expect(await b.loadRevocations(Date.now())).toEqual([revocation]);
    } finally {
      await Promise.all([dispose(a), dispose(b)]);
    }
  });
});
