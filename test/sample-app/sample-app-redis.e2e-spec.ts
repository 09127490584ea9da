import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../sample-app/app.module';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis-server';

jest.setTimeout(30_000); // the first boot transforms the sample app, slow on a loaded machine

describeWithRedis.each(TITLED_PLATFORMS)('sample app with REDIS_URL over %s', (_, platform) => {
  const savedEnvironment = { ...process.env };
  let redis: TestRedis;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    redis = await startRedis();
    Object.assign(process.env, { JWT_SECRET: randomBytes(48).toString('base64url'), REDIS_URL: redis.url });
    app = await createApp(AppModule, platform);
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    process.env = savedEnvironment;
  });

  it('keeps the sessions in that Redis: login, refresh and logout go through it', async () => {
    const login = (
      await http().post('/auth/login').send({ username: 'bob', password: 'bob-password' }).expect(200)
    ).body;
    const refreshed = (
      await http().post('/auth/refresh').send({ refresh_token: login.refresh_token }).expect(200)
    ).body;
    const inspector = new Redis(redis.url);
    try {
      const keys = await inspector.keys('{jwt-sessions:}*');
      expect(keys.filter((key) => key.startsWith('{jwt-sessions:}r:'))).toHaveLength(2);
      expect(keys.filter((key) => key.startsWith('{jwt-sessions:}s:'))).toHaveLength(1);
      await http().post('/auth/logout').set('Authorization', `Bearer ${refreshed.access_token}`).expect(204);
      expect(await inspector.hlen('{jwt-sessions:}revocations')).toBe(1);
    } finally {
      inspector.disconnect();
    }
    expect(
      (await http().get('/protected').set('Authorization', `Bearer ${refreshed.access_token}`).expect(401))
        .body.code,
    ).toBe('token_revoked');
  });
});
