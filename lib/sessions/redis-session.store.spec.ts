import { describeWithRedis, startRedis, type TestRedis } from '../../test/support/redis-server';
import { resolveRedisSessionOptions } from './redis-session.options';
import { RedisSessionStore } from './redis-session.store';
import { describeSessionStoreContract } from './session-store.contract';
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
  const makeStore = async () => new RedisSessionStore(resolveRedisSessionOptions({ url: redis.url, keyPrefix: `t${++prefix}:` })!);
  const dispose = (store: SessionStore) => (store as RedisSessionStore).onApplicationShutdown();

  describeSessionStoreContract('RedisSessionStore', makeStore, dispose);
});
