import { SessionService, type JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis-server';
import { subscribe, until } from './subscription-client';
import { useSubscriptionsApp, type SubscriptionsApp } from './subscriptions-app';

jest.setTimeout(30_000);

/** One secret for both instances, as instances behind a load balancer share theirs. */
const SHARED_SECRET = 'a-64-byte-secret-shared-by-both-instances-of-the-graphql-ws-test!';
const NOTE_ADDED = 'subscription { noteAdded { id text } }';

describeWithRedis('graphql-ws connections on two instances sharing one Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  const options = (): JwtAuthModuleOptions => ({
    secret: SHARED_SECRET,
    sessions: { redis: { url: redis.url } },
  });
  // One instance on each platform: a revocation made on either reaches the other through Redis.
  const express = useSubscriptionsApp({ platform: 'express', moduleOptions: options });
  const fastify = useSubscriptionsApp({ platform: 'fastify', moduleOptions: options });
  afterAll(async () => {
    await redis?.stop();
  });

  it.each<[string, string, () => SubscriptionsApp, () => SubscriptionsApp]>([
    ['Express', 'Fastify', () => express, () => fastify],
    ['Fastify', 'Express', () => fastify, () => express],
  ])(
    'closes a connection on %s with 4401 within a second of its session being revoked on %s (the delay is printed)',
    async (on, by, listenerApp, revokerApp) => {
      const [listener, revoker] = [listenerApp(), revokerApp()];
      const pair = await revoker.app.get(SessionService).open('bob');
      const other = await listener.app.get(SessionService).open('bob');
      const revoked = subscribe(
        listener.connect({ authorization: `Bearer ${pair.accessToken}` }),
        NOTE_ADDED,
      );
      const kept = subscribe(listener.connect({ authorization: `Bearer ${other.accessToken}` }), NOTE_ADDED);
      await until(() => listener.events.listening('noteAdded') === 2);
      const start = performance.now();
      await revoker.app.get(SessionService).revokeSession(pair.sessionId);
      const ended = await revoked.ended;
      const ms = performance.now() - start;
      console.log(
        `graphql-ws: a session revoked on ${by} closed its connection on ${on} in ${ms.toFixed(1)} ms`,
      );
      expect(ended).toEqual({ closed: { code: 4401, reason: 'token_revoked' } });
      expect(ms).toBeLessThan(1000);
      await listener.events.publish('noteAdded', { noteAdded: { id: '1', text: 'still here' } });
      expect(await kept.event(0)).toEqual({ data: { noteAdded: { id: '1', text: 'still here' } } });
    },
  );
});
