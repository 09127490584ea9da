import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { RevocationState } from 'nestjs-jwt-permissions';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis-server';
import { HealthAppModule } from './app.module';

jest.setTimeout(60_000);

const SECRET = 'a-64-byte-secret-for-the-health-checks-of-the-session-store-test';

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error('condition never held');
}

describe.each(TITLED_PLATFORMS)(
  'the session store health check with the in-memory store, over %s',
  (_, platform) => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp(HealthAppModule.with({ secret: SECRET }), platform);
    });
    afterAll(() => app.close());

    it('is always up, and the JWKS check has no source to watch', async () => {
      const response = await request(app.getHttpServer()).get('/health').expect(200);
      expect(response.body.info).toEqual({
        jwks: { status: 'up', sources: [] },
        sessions: {
          status: 'up',
          store: 'MemorySessionStore',
          connected: true,
          revocationsCurrent: true,
          refusingTokens: false,
        },
      });
    });
  },
);

describeWithRedis.each(TITLED_PLATFORMS)(
  'the session store health check with a Redis that is stopped and started again, over %s',
  (_, platform) => {
    const clock = { offset: 0, now: () => Date.now() + clock.offset };
    let redis: TestRedis;
    let app: INestApplication;
    let warn: jest.SpyInstance;
    const health = () => request(app.getHttpServer()).get('/health');
    const current = () => app.get(RevocationState).current;

    beforeAll(async () => {
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      redis = await startRedis();
      app = await createApp(
        HealthAppModule.with({
          secret: SECRET,
          clock: clock.now,
          sessions: { redis: { url: redis.url, commandTimeout: 500 }, maxStaleness: 30 },
        }),
        platform,
      );
    });
    afterAll(async () => {
      await app?.close();
      await redis?.stop();
      warn.mockRestore();
    });

    it('is up while both connections are ready', async () => {
      const response = await health().expect(200);
      expect(response.body.info.sessions).toEqual({
        status: 'up',
        store: 'RedisSessionStore',
        connected: true,
        detail: 'client: ready, subscriber: ready',
        revocationsCurrent: true,
        refusingTokens: false,
      });
    });

    it('is down, answering 503, once Redis is stopped, while tokens are still accepted within maxStaleness', async () => {
      await redis.kill();
      await waitUntil(() => !current());
      const response = await health().expect(503);
      expect(response.body.error.sessions).toMatchObject({
        status: 'down',
        store: 'RedisSessionStore',
        connected: false,
        revocationsCurrent: false,
        revocationsStaleSince: expect.any(String),
        refusingTokens: false,
      });
      expect(response.body.error.sessions.detail).not.toMatch(/^client: ready, subscriber: ready/);
      expect(response.body.info.jwks).toEqual({ status: 'up', sources: [] });
    });

    it('says tokens are refused once the feed has been cut longer than maxStaleness', async () => {
      clock.offset = 31_000;
      const response = await health().expect(503);
      expect(response.body.error.sessions).toMatchObject({ connected: false, refusingTokens: true });
    });

    it('is up again once Redis is back and the revocations are resynced', async () => {
      await redis.restart();
      await waitUntil(current);
      const response = await health().expect(200);
      expect(response.body.info.sessions).toMatchObject({
        status: 'up',
        connected: true,
        revocationsCurrent: true,
        refusingTokens: false,
      });
    });
  },
);
