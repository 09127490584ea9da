import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { RevocationState } from '../../lib/index';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis-server';
import { TestClock } from '../support/transport-test-kit';
import { SessionsAppModule } from './app.module';

jest.setTimeout(60_000);

describeWithRedis.each(TITLED_PLATFORMS)(
  'sessions through a Redis that goes away and comes back, over %s',
  (_, platform) => {
    const clock = new TestClock();
    let redis: TestRedis;
    let app: INestApplication;
    const http = () => request(app.getHttpServer());
    const login = () => http().post('/login').send({ user: 'alice' });
    const get = (path: string, token: string) => http().get(path).set('Authorization', `Bearer ${token}`);
    let kept: { accessToken: string; refreshToken: string };
    let loggedOut: { accessToken: string; refreshToken: string };

    beforeAll(async () => {
      redis = await startRedis({ persistent: true });
      app = await createApp(
        SessionsAppModule.with({
          clock: clock.read,
          sessions: { redis: { url: redis.url, commandTimeout: 500 }, maxStaleness: 30 },
        }),
        platform,
      );
      kept = (await login().expect(200)).body;
      loggedOut = (await login().expect(200)).body;
      await http().post('/logout').set('Authorization', `Bearer ${loggedOut.accessToken}`).expect(204);
      await redis.kill();
      await waitUntil(() => !app.get(RevocationState).current);
    });

    afterAll(async () => {
      await app?.close();
      await redis?.stop();
    });

    describe('while Redis is down', () => {
      it('answers a login 503 session_store_unavailable', async () => {
        expect((await login().expect(503)).body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'session_store_unavailable',
          message: 'The session store is unavailable; try again later',
        });
      });

      it('answers a refresh 503, using nothing up', async () => {
        expect(
          (await http().post('/refresh').send({ refreshToken: kept.refreshToken }).expect(503)).body.code,
        ).toBe('session_store_unavailable');
      });

      it('answers a logout 503', async () => {
        expect(
          (await http().post('/logout').set('Authorization', `Bearer ${kept.accessToken}`).expect(503)).body
            .code,
        ).toBe('session_store_unavailable');
      });

      it('still refuses the session revoked before, and accepts the others, for up to maxStaleness', async () => {
        expect((await get('/protected', loggedOut.accessToken).expect(401)).body.code).toBe('token_revoked');
        clock.advance(29);
        await get('/protected', kept.accessToken).expect(200);
      });

      it('then refuses access tokens with 503 (fail closed), and keeps serving public routes', async () => {
        clock.advance(2);
        const response = await get('/protected', kept.accessToken).expect(503);
        expect(response.body.code).toBe('session_store_unavailable');
        expect(response.headers['www-authenticate']).toBeUndefined();
        await http().get('/public').expect(200, { ok: true });
      });
    });

    describe('once Redis is back, with its data', () => {
      beforeAll(async () => {
        await redis.restart();
        await waitUntil(() => app.get(RevocationState).current);
      });

      it('accepts the access tokens again, once resynced', async () => {
        await get('/protected', kept.accessToken).expect(200, { userId: 'alice' });
      });

      it('still refuses the session revoked before the outage', async () => {
        expect((await get('/protected', loggedOut.accessToken).expect(401)).body.code).toBe('token_revoked');
        expect(
          (await http().post('/refresh').send({ refreshToken: loggedOut.refreshToken }).expect(401)).body
            .code,
        ).toBe('refresh_token_revoked');
      });

      it('refreshes the sessions opened before the outage, and opens new ones', async () => {
        await http().post('/refresh').send({ refreshToken: kept.refreshToken }).expect(200);
        await login().expect(200);
      });
    });
  },
);

/** Polls `condition` (the store notices a dead or revived server on its own) for up to 10 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitUntil: the condition did not hold within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
