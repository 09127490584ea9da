import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import { eventually, JwksProvider, unreachableUrl } from '../keys/jwks-provider';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { HealthAppModule } from './app.module';
import { CACHE_MAX_AGE, ISSUER, providerToken, PUBLIC_JWK } from './jwks-fixture';
import { HEALTH } from './health.controller';

describe.each(TITLED_PLATFORMS)('the JWKS health check, over %s', (_, platform) => {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  let warn: jest.SpyInstance;

  const token = () => providerToken(clock.now());

  const appFor = (jwksUri: string) =>
    createApp(
      HealthAppModule.with({
        jwksUri,
        issuer: ISSUER,
        algorithms: ['RS256'],
        jwksOptions: { cacheMaxAge: CACHE_MAX_AGE, cooldown: 0, timeout: 1000 },
        clock: clock.now,
      }),
      platform,
    );

  beforeAll(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => warn.mockRestore());

  describe('with a provider that goes down and comes back', () => {
    let provider: JwksProvider;
    let jwksUri: string;
    let port: number;
    let app: INestApplication;
    const http = () => request(app.getHttpServer());
    const whoami = () => http().get('/whoami').set('Authorization', `Bearer ${token()}`);
    const jwksSource = () => app.get(JwtTokenService).jwksStatus()[0];

    beforeAll(async () => {
      provider = new JwksProvider();
      jwksUri = await provider.start();
      port = Number(new URL(jwksUri).port);
      provider.serve(PUBLIC_JWK);
      app = await appFor(jwksUri);
    });
    afterAll(async () => {
      await app.close();
      await provider.stop();
    });

    it('is up before any token has needed the keys, and fetches nothing for it', async () => {
      const response = await http().get('/health').expect(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.info.jwks).toEqual({
        status: 'up',
        sources: [{ issuer: ISSUER, jwksUri, keys: 0, lastFetchFailed: false, staleKeysInUse: false }],
      });
      expect(provider.hits).toBe(0);
    });

    it('reports the keys fetched for a token, and their age', async () => {
      await whoami().expect(200, { userId: 'alice' });
      const response = await http().get('/health').expect(200);
      expect(response.body.info.jwks.sources[0]).toMatchObject({
        keys: 1,
        ageSeconds: 0,
        lastFetchFailed: false,
      });
      expect(response.body.info.jwks.sources[0]).not.toHaveProperty('problem');
    });

    it('stays up while the provider is down and the keys in use are within maxKeyAge, reporting them stale and the fetch failed', async () => {
      await provider.stop();
      clock.offset = CACHE_MAX_AGE;
      await whoami().expect(200); // the last good keys still verify; the refresh this starts fails
      await eventually(() => jwksSource().lastFetchFailed);
      const response = await http().get('/health').expect(200);
      expect(response.body.info.jwks.sources[0]).toMatchObject({
        keys: 1,
        lastFetchFailed: true,
        lastFailure: { reason: expect.stringMatching(/^unavailable: /) },
        staleKeysInUse: true,
        problem: 'stale_keys_in_use',
      });
    });

    it('is down, answering 503, once the keys in use are older than maxKeyAge', async () => {
      clock.offset = HEALTH.maxKeyAge + 1000;
      await whoami().expect(200);
      await eventually(() => jwksSource().lastFailure!.at >= clock.now() - 1000);
      const response = await http().get('/health').expect(503);
      expect(response.body.status).toBe('error');
      expect(response.body.error.jwks).toMatchObject({
        status: 'down',
        sources: [{ problem: 'keys_too_old', staleKeysInUse: true, lastFetchFailed: true }],
      });
      expect(response.body.info.sessions).toMatchObject({ status: 'up' });
    });

    it('is up again once the provider is back and a token has brought a fresh set', async () => {
      provider = new JwksProvider();
      await provider.start(port);
      provider.serve(PUBLIC_JWK);
      await whoami().expect(200); // starts the refresh
      await eventually(() => !jwksSource().lastFetchFailed);
      const response = await http().get('/health').expect(200);
      expect(response.body.info.jwks.sources[0]).toMatchObject({
        keys: 1,
        ageSeconds: 0,
        lastFetchFailed: false,
        staleKeysInUse: false,
      });
      expect(response.body.info.jwks.sources[0]).not.toHaveProperty('problem');
    });
  });

  describe('with a provider that was never reachable', () => {
    let app: INestApplication;

    beforeAll(async () => {
      clock.offset = 0;
      app = await appFor(await unreachableUrl());
    });
    afterAll(() => app.close());

    it('is down with keys_unavailable once a token has needed the keys', async () => {
      await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${token()}`).expect(401);
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      expect(response.body.error.jwks.sources).toEqual([
        expect.objectContaining({ keys: 0, lastFetchFailed: true, problem: 'keys_unavailable' }),
      ]);
    });
  });
});
