import { Injectable, type INestApplication } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import request from 'supertest';
import { JwtAuthEvents, JwtTokenService, type RefusedEvent } from 'nestjs-jwt-permissions';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { ObservabilityAppModule, SECRET } from './app.module';
import { expectNoSecretIn, recordEvents, type RecordedEvent } from './event-recorder';

/** Subscribes to every event of the application's emitter; returns what it heard, in order. */
function recordAll(app: INestApplication): RecordedEvent[] {
  return recordEvents(app).heard;
}

/** A listener on @nestjs/event-emitter, as an application writes one. */
@Injectable()
class RefusalListener {
  readonly refusals: RefusedEvent[] = [];

  @OnEvent('jwt-auth.refused')
  onRefused(event: RefusedEvent): void {
    this.refusals.push(event);
  }
}

describe.each(TITLED_PLATFORMS)('auth events on %s', (_, platform) => {
  describe('with a listener on JwtAuthEvents', () => {
    let app: INestApplication;
    let heard: RecordedEvent[];
    let tokenOf: (user: string) => Promise<string>;

    beforeAll(async () => {
      app = await createApp(ObservabilityAppModule.register(), platform);
      tokenOf = (user) => app.get(JwtTokenService).createToken(user);
    });
    afterAll(() => app.close());
    beforeEach(() => {
      heard = recordAll(app);
    });

    it('emits authenticated with the user, the token ids and where the call went', async () => {
      const token = await app.get(JwtTokenService).createToken('alice', { claims: { sid: 's-1' } });
      await request(app.getHttpServer()).get('/me').auth(token, { type: 'bearer' }).expect(200);
      expect(heard).toEqual([
        [
          'authenticated',
          {
            transport: 'http',
            handler: 'ObservedController.me',
            route: 'GET /me',
            userId: 'alice',
            principals: ['system.Everyone', 'system.Authenticated', 'user:alice', 'staff'],
            issuer: undefined,
            tokenId: expect.any(String),
            sessionId: 's-1',
          },
        ],
      ]);
    });

    it('emits refused with the code, the route and the handler for an anonymous call', async () => {
      await request(app.getHttpServer()).get('/me').expect(401);
      expect(heard).toEqual([
        [
          'refused',
          {
            transport: 'http',
            handler: 'ObservedController.me',
            route: 'GET /me',
            code: 'token_missing',
            userId: null,
            required: ['system.Authenticated'],
          },
        ],
      ]);
    });

    it('refuses a bad token with token_invalid, and keeps the query string out of the route', async () => {
      await request(app.getHttpServer())
        .get('/me?access_token=secret-in-query')
        .auth('not.a.token', { type: 'bearer' })
        .expect(401);
      expect(heard).toEqual([
        ['refused', expect.objectContaining({ code: 'token_invalid', route: 'GET /me' })],
      ]);
    });

    it('emits permissionDenied with the permission and the resource, then refused', async () => {
      const token = await tokenOf('bob');
      await request(app.getHttpServer()).put('/notes/7').auth(token, { type: 'bearer' }).expect(403);
      expect(heard.map(([name]) => name)).toEqual(['authenticated', 'permissionDenied', 'refused']);
      expect(heard[1][1]).toEqual({
        transport: 'http',
        handler: 'ObservedController.edit',
        route: 'PUT /notes/7',
        userId: 'bob',
        principals: ['system.Everyone', 'system.Authenticated', 'user:bob', 'staff'],
        permission: 'edit',
        ace: undefined,
        resource: '<Note 7>',
      });
      expect(heard[2][1]).toEqual(expect.objectContaining({ code: 'permission_denied', userId: 'bob' }));
    });

    it('emits nothing but authenticated for an allowed call', async () => {
      const token = await tokenOf('alice');
      await request(app.getHttpServer()).put('/notes/7').auth(token, { type: 'bearer' }).expect(200);
      expect(heard.map(([name]) => name)).toEqual(['authenticated']);
    });

    it('stops calling a listener once it is unsubscribed', async () => {
      const seen: unknown[] = [];
      const unsubscribe = app.get(JwtAuthEvents).on('refused', (event) => seen.push(event));
      unsubscribe();
      await request(app.getHttpServer()).get('/me').expect(401);
      expect(seen).toEqual([]);
    });

    it('answers the request when a listener throws', async () => {
      app.get(JwtAuthEvents).on('refused', () => {
        throw new Error('the audit log is down');
      });
      await request(app.getHttpServer()).get('/me').expect(401);
    });
  });

  describe('with nobody listening', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp(ObservabilityAppModule.register(), platform);
    });
    afterAll(() => app.close());

    it('builds no event: the emitter is never called', async () => {
      const emit = jest.spyOn(JwtAuthEvents.prototype, 'emit');
      try {
        const bob = await app.get(JwtTokenService).createToken('bob');
        await request(app.getHttpServer()).get('/me').expect(401);
        await request(app.getHttpServer()).put('/notes/1').auth(bob, { type: 'bearer' }).expect(403);
        await request(app.getHttpServer()).get('/open').expect(200);
        expect(emit).not.toHaveBeenCalled();
      } finally {
        emit.mockRestore();
      }
    });
  });

  describe('in cookie mode', () => {
    let app: INestApplication;
    let now = Date.UTC(2026, 0, 1);

    beforeAll(async () => {
      app = await createApp(
        ObservabilityAppModule.register({ clock: () => now, cookie: { reissueTime: 60 } }),
        platform,
      );
    });
    afterAll(() => app.close());

    async function login(): Promise<{ cookie: string; csrfToken: string }> {
      const response = await request(app.getHttpServer()).post('/login').expect(201);
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      const body = response.body as { csrfToken: string };
      return { cookie: cookies.map((line) => line.split(';')[0]).join('; '), csrfToken: body.csrfToken };
    }

    it('emits csrfFailed for a cookie without its CSRF header on an unsafe method', async () => {
      const { cookie } = await login();
      const heard = recordAll(app);
      await request(app.getHttpServer()).post('/notes').set('Cookie', cookie).expect(403);
      expect(heard).toEqual([
        ['csrfFailed', { code: 'csrf_missing', userId: 'alice', method: 'POST' }],
        ['refused', expect.objectContaining({ code: 'csrf_missing', route: 'POST /notes' })],
      ]);
    });

    it('emits cookieReissued when the sliding reissue writes a new cookie', async () => {
      const { cookie } = await login();
      now += 120_000;
      const heard = recordAll(app);
      await request(app.getHttpServer()).get('/me').set('Cookie', cookie).expect(200);
      expect(heard).toContainEqual([
        'cookieReissued',
        { userId: 'alice', sessionId: expect.any(String), expiresIn: 3600 },
      ]);
    });

    it('carries no token, no CSRF token and no secret in any event', async () => {
      const { cookie, csrfToken } = await login();
      const token = cookie.split('; ')[0].split('=')[1];
      const bearer = await app.get(JwtTokenService).createToken('bob');
      const heard = recordAll(app);
      now += 120_000;
      await request(app.getHttpServer()).get('/me').set('Cookie', cookie).expect(200);
      await request(app.getHttpServer())
        .post('/notes')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', 'wrong')
        .expect(403);
      await request(app.getHttpServer()).put('/notes/1').auth(bearer, { type: 'bearer' }).expect(403);
      await request(app.getHttpServer()).get(`/me?access_token=${bearer}`).expect(401);
      expect(heard.length).toBeGreaterThanOrEqual(6);
      expectNoSecretIn(heard, [token, csrfToken, bearer, SECRET]);
    });
  });

  describe('with @nestjs/event-emitter', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp(
        ObservabilityAppModule.register({}, [EventEmitterModule.forRoot()], [RefusalListener]),
        platform,
      );
    });
    afterAll(() => app.close());

    it("delivers each event as jwt-auth.<name> to @OnEvent('jwt-auth.refused')", async () => {
      await request(app.getHttpServer()).get('/me').expect(401);
      expect(app.get(RefusalListener).refusals).toEqual([
        expect.objectContaining({ code: 'token_missing', route: 'GET /me', transport: 'http' }),
      ]);
    });
  });
});
