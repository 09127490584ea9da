import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { JwtAuthEvents, JwtTokenService, type StaleKeysInUseEvent } from 'nestjs-jwt-permissions';
import { eventually, JwksProvider } from '../keys/jwks-provider';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { HealthAppModule } from './app.module';
import { CACHE_MAX_AGE, ISSUER, providerToken, PUBLIC_JWK } from './jwks-fixture';

// A hanging fetch fails after this long: long enough that the checks made meanwhile see it in
// flight on a busy machine, short enough to wait for.
const FETCH_TIMEOUT = 2000;
const FAILURE_CHECKS = 600; // of 10 ms each
jest.setTimeout(20_000);

describe.each(TITLED_PLATFORMS)(
  'stale keys: the staleKeysInUse event and the JWKS health check agree, over %s',
  (_, platform) => {
    const clock = { offset: 0, now: () => Date.now() + clock.offset };
    const heard: StaleKeysInUseEvent[] = [];
    let warn: jest.SpyInstance;
    let provider: JwksProvider;
    let app: INestApplication;

    const whoami = () =>
      request(app.getHttpServer())
        .get('/whoami')
        .set('Authorization', `Bearer ${providerToken(clock.now())}`);
    const jwksSource = () => app.get(JwtTokenService).jwksStatus()[0];

    /** What each of the three says of the source now: the health check, `jwksStatus()`, and the events heard. */
    async function verdicts() {
      const response = await request(app.getHttpServer()).get('/health');
      const source = (response.body as { details: { jwks: { sources: { staleKeysInUse: boolean }[] } } })
        .details.jwks.sources[0];
      return {
        status: response.status,
        health: source.staleKeysInUse,
        jwksStatus: jwksSource().staleKeysInUse,
        events: heard.length,
      };
    }

    beforeAll(async () => {
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      provider = new JwksProvider();
      const jwksUri = await provider.start();
      provider.serve(PUBLIC_JWK);
      app = await createApp(
        HealthAppModule.with({
          jwksUri,
          issuer: ISSUER,
          algorithms: ['RS256'],
          jwksOptions: { cacheMaxAge: CACHE_MAX_AGE, cooldown: 0, timeout: FETCH_TIMEOUT },
          clock: clock.now,
        }),
        platform,
      );
      app.get(JwtAuthEvents).on('staleKeysInUse', (event) => heard.push(event));
    });
    afterAll(async () => {
      await app?.close();
      await provider?.stop();
      warn.mockRestore();
    });

    it('agree that fresh keys are not stale', async () => {
      await whoami().expect(200);
      expect(await verdicts()).toEqual({ status: 200, health: false, jwksStatus: false, events: 0 });
    });

    it('agree that keys past cacheMaxAge are not stale while their refresh is in flight', async () => {
      provider.answer = { kind: 'hang' };
      // Long idle: three times cacheMaxAge, past the health check's default maxKeyAge.
      clock.offset = 3 * CACHE_MAX_AGE;
      await whoami().expect(200); // the set in hand still verifies; its refresh hangs
      await eventually(() => provider.hits === 2);
      expect(await verdicts()).toEqual({ status: 200, health: false, jwksStatus: false, events: 0 });
    });

    it('agree, at once, that they are stale when that refresh fails: one event, and the check down', async () => {
      await eventually(() => jwksSource().lastFetchFailed, FAILURE_CHECKS);
      expect(await verdicts()).toEqual({ status: 503, health: true, jwksStatus: true, events: 1 });
      expect(heard[0]).toEqual({
        uri: expect.stringMatching(/\/\.well-known\/jwks\.json$/),
        age: expect.any(Number),
      });
      expect(heard[0].age).toBeGreaterThanOrEqual(3 * CACHE_MAX_AGE);
    });

    it('agree while the stale keys stay in use and the next refresh is in flight, with no second event for the same failure', async () => {
      provider.answer = { kind: 'hang' };
      const failedAt = jwksSource().lastFailure!.at;
      await whoami().expect(200);
      await eventually(() => provider.hits === 3);
      expect(await verdicts()).toEqual({ status: 503, health: true, jwksStatus: true, events: 1 });
      await eventually(() => jwksSource().lastFailure!.at > failedAt, FAILURE_CHECKS);
      // A new failed fetch: its own event.
      expect(await verdicts()).toEqual({ status: 503, health: true, jwksStatus: true, events: 2 });
    });

    it('agree that they are no longer stale once a refresh brings a set, with no event', async () => {
      provider.serve(PUBLIC_JWK);
      await whoami().expect(200);
      await eventually(() => !jwksSource().lastFetchFailed);
      expect(await verdicts()).toEqual({ status: 200, health: false, jwksStatus: false, events: 2 });
    });
  },
);
