import { resolveRedisSessionOptions, type RedisClientLike } from '../../lib/sessions/redis-session.options';
import { RedisSessionStore } from '../../lib/sessions/redis-session.store';
import type { Revocation } from '../../lib/sessions/session.interface';
import type { SessionStore } from '../../lib/sessions/session.store';
import { describeSessionStoreContract, waitFor } from './session-store.contract';

/** Redis session stores, each on a client of the application's kind (Sentinel, Cluster...). */
export interface ClientStores {
  /** A store on a new client from `connect`, with its own key prefix unless one is given. */
  make(keyPrefix?: string): Promise<RedisSessionStore>;
  /** Shuts the store down, then disconnects its client (the application's part). */
  dispose(store: SessionStore): Promise<void>;
  /** The client a store was made on. */
  clientOf(store: SessionStore): RedisClientLike;
  /** A key prefix no other store of these has. */
  newPrefix(): string;
}

/**
 * Registers, in the calling `describe`, the SessionStore contract for stores on clients made by
 * `connect` (called in the specs, once the servers are up), and a revocation heard across two
 * stores sharing a prefix. Returns the factory for the file's own specs.
 */
export function describeStoresOnClients(kind: string, connect: () => RedisClientLike): ClientStores {
  const clients = new Map<SessionStore, RedisClientLike>();
  let prefix = 0;
  const stores: ClientStores = {
    newPrefix: () => `${kind.toLowerCase()}${++prefix}:`,
    async make(keyPrefix = stores.newPrefix()) {
      const client = connect();
      const store = new RedisSessionStore(resolveRedisSessionOptions({ client, keyPrefix })!);
      clients.set(store, client);
      return store;
    },
    async dispose(store) {
      await (store as RedisSessionStore).onApplicationShutdown();
      clients.get(store)?.disconnect();
      clients.delete(store);
    },
    clientOf: (store) => clients.get(store)!,
  };

  describeSessionStoreContract(`RedisSessionStore (${kind} client)`, stores.make, stores.dispose);

  it('hears on one store a revocation made through another, and loads it on the other', async () => {
    const keyPrefix = stores.newPrefix();
    const [a, b] = [await stores.make(keyPrefix), await stores.make(keyPrefix)];
    try {
      const seen: Revocation[] = [];
      await b.watchRevocations({ revoked: (revocation) => seen.push(revocation) });
      const now = Date.now();
      const revocation: Revocation = { kind: 'user', userId: 'alice', before: now, expiresAt: now + 60_000 };
      await a.revoke(revocation, now);
      await waitFor(() => seen.length === 1);
      expect(seen).toEqual([revocation]);
      expect(await b.loadRevocations(Date.now())).toEqual([revocation]);
    } finally {
      await Promise.all([stores.dispose(a), stores.dispose(b)]);
    }
  });

  return stores;
}
