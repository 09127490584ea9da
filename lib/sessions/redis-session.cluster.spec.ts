import Redis, { Cluster } from 'ioredis';
import {
  describeWithRedis,
  startCluster,
  type TestCluster,
  type TestRedis,
} from '../../test/support/redis-server';
import { describeStoresOnClients } from '../../test/support/redis-client-stores';
import { waitFor } from '../../test/support/session-store.contract';
import { resolveRedisSessionOptions } from './redis-session.options';
import { RedisSessionStore } from './redis-session.store';
import type { Revocation } from './session.interface';

jest.setTimeout(30_000);

describeWithRedis('RedisSessionStore on a Redis Cluster', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  describeStoresOnClients('Cluster', () => new Cluster([...cluster.nodes]));

  it('resyncs when the node it listens on dies, so a revocation published meanwhile is not lost', async () => {
    // A cluster of its own, whose other nodes keep serving when one dies.
    const partial = await startCluster({ partial: true });
    const clusterClients: Cluster[] = [];
    const stores: RedisSessionStore[] = [];
    const storeOn = (keyPrefix: string, connectionName: string) => {
      const client = new Cluster([...partial.nodes], { redisOptions: { connectionName } });
      client.on('error', () => undefined);
      clusterClients.push(client);
      const store = new RedisSessionStore(resolveRedisSessionOptions({ client, keyPrefix })!);
      stores.push(store);
      return store;
    };
    try {
      // ioredis picks the node it subscribes on at random: retry until it is not the node that
      // serves the store's keys, so that revoking still works once the listened-to node is dead.
      const seen: Revocation[] = [];
      let listening: TestRedis | undefined;
      let keyPrefix = '';
      for (let attempt = 0; listening === undefined; attempt++) {
        if (attempt === 20) throw new Error('ioredis always subscribed on the node of the keys');
        keyPrefix = `p${attempt}:`;
        const listener = storeOn(keyPrefix, `listener-${attempt}`);
        await listener.watchRevocations({
          revoked: (revocation) => seen.push(revocation),
          resynced: (revocations) => seen.push(...revocations),
        });
        const node = await findNode(partial, `(subscriber):listener-${attempt}`);
        if (node.port !== (await ownerOf(partial, `{${keyPrefix}}`))) listening = node;
        else await listener.onApplicationShutdown();
      }
      const revoking = storeOn(keyPrefix, 'revoking');
      // Connected, and the script known, so that the revocation below leaves at once.
      await revoking.revoke({ kind: 'token', jti: 'j-before', expiresAt: Date.now() + 60_000 }, Date.now());
      await waitFor(() => seen.length > 0);
      // Revoked while the node dies: before ioredis has subscribed again on another one.
      const killed = listening.kill();
      const revocation: Revocation = { kind: 'token', jti: 'j-meanwhile', expiresAt: Date.now() + 60_000 };
      await revoking.revoke(revocation, Date.now());
      await killed;
      await waitFor(() => seen.some((known) => known.kind === 'token' && known.jti === 'j-meanwhile'), 5_000);
    } finally {
      await Promise.allSettled(stores.map((store) => store.onApplicationShutdown()));
      for (const client of clusterClients) client.disconnect();
      await partial.stop();
    }
  });
});

/** The node where a connection named with `name` is open (`CLIENT LIST`). */
async function findNode(cluster: TestCluster, name: string): Promise<TestRedis> {
  for (const server of cluster.servers) {
    const client = new Redis(server.port, '127.0.0.1');
    try {
      if (String(await client.call('CLIENT', 'LIST')).includes(name)) return server;
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`no node has a connection named ${name}`);
}

/** The port of the node serving `key`'s slot. */
async function ownerOf(cluster: TestCluster, key: string): Promise<number> {
  const client = new Redis(cluster.servers[0].port, '127.0.0.1');
  try {
    const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
    const ranges = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
    const range = ranges.find(([start, end]) => slot >= start && slot <= end);
    if (range === undefined) throw new Error(`no node serves slot ${slot}`);
    return range[2][1];
  } finally {
    client.disconnect();
  }
}
