import type { INestApplication } from '@nestjs/common';
import { JwtTokenService, type VerifiedClaims, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import request, { type Response } from 'supertest';
import { CookieReissueInterceptor } from '../../lib/cookies/cookie-reissue.interceptor';
import { createApp, PLATFORMS } from '../support/platforms';
import { CookiesAppModule, UserDirectory } from './app.module';
import { NoteResource } from './cookies.controller';

/** One `Set-Cookie` line, read the way a browser reads it. */
interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; a flag attribute (`Secure`) is `true`. */
  attributes: Map<string, string | true>;
  line: string;
}

function setCookiesOf(response: Response): SetCookie[] {
  const lines = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return lines.map((line) => {
    const [pair, ...attributeParts] = line.split(';');
    const equals = pair.indexOf('=');
    const attributes = new Map<string, string | true>();
    for (const part of attributeParts) {
      const [key, ...rest] = part.trim().split('=');
      attributes.set(key.toLowerCase(), rest.length === 0 ? true : rest.join('='));
    }
    return { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim(), attributes, line };
  });
}

function setCookie(response: Response, name: string): SetCookie {
  const matches = setCookiesOf(response).filter((cookie) => cookie.name === name);
  if (matches.length !== 1) throw new Error(`expected one Set-Cookie ${name}, got ${matches.length}`);
  return matches[0];
}

/** A browser's cookie store, reduced to what the scenario needs: names, values, deletion by Max-Age=0. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): this {
    for (const cookie of setCookiesOf(response)) {
      if (cookie.attributes.get('max-age') === '0') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const START = Date.UTC(2030, 0, 1); // ms; a whole second
const START_SECONDS = START / 1000;

describe.each(PLATFORMS)('cookie mode over %s', (platform) => {
  let now: number;
  let app: INestApplication | undefined;
  const clock = () => now;

  async function start(
    options: JwtAuthOptions,
    register = CookiesAppModule.register,
  ): Promise<INestApplication> {
    app = await createApp(register.call(CookiesAppModule, { clock, ...options }), platform);
    return app;
  }

  function http() {
    return request(app!.getHttpServer());
  }

  async function login(user = 'alice', options: Record<string, unknown> = {}): Promise<CookieJar> {
    const response = await http()
      .post('/auth/login')
      .send({ user, ...options })
      .expect(200);
    return new CookieJar().store(response);
  }

  function verify(token: string): Promise<VerifiedClaims> {
    return app!.get(JwtTokenService).verifyToken(token);
  }

  beforeEach(() => {
    now = START;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('the cookie remember() sets', () => {
    it('is named Authorization and holds the JWT itself', async () => {
      await start({ cookie: {} });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      const cookie = setCookie(response, 'Authorization');
      await expect(verify(cookie.value)).resolves.toMatchObject({ sub: 'alice' });
    });

    it('is Secure, HttpOnly, SameSite=Lax with Path=/ and no Domain by default', async () => {
      await start({ cookie: {} });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      const { attributes } = setCookie(response, 'Authorization');
      expect(attributes.get('secure')).toBe(true);
      expect(attributes.get('httponly')).toBe(true);
      expect(attributes.get('samesite')).toBe('Lax');
      expect(attributes.get('path')).toBe('/');
      expect(attributes.has('domain')).toBe(false);
    });

    it('has a Max-Age equal to the token lifetime', async () => {
      await start({ cookie: {}, expiration: 600 });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      const cookie = setCookie(response, 'Authorization');
      const claims = await verify(cookie.value);
      expect(cookie.attributes.get('max-age')).toBe('600');
      expect(claims.exp! - claims.iat!).toBe(600);
    });

    it("lives as long as remember()'s own expiration", async () => {
      await start({ cookie: {}, expiration: 600 });
      const response = await http().post('/auth/login').send({ user: 'alice', expiration: 120 }).expect(200);
      const cookie = setCookie(response, 'Authorization');
      expect(cookie.attributes.get('max-age')).toBe('120');
      expect((await verify(cookie.value)).exp).toBe(START_SECONDS + 120);
    });

    it('has no Secure attribute with secure: false, for local development over HTTP', async () => {
      await start({ cookie: { secure: false } });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      expect(setCookie(response, 'Authorization').attributes.has('secure')).toBe(false);
      expect(setCookie(response, 'XSRF-TOKEN').attributes.has('secure')).toBe(false);
    });

    it('carries the configured name, SameSite, Path and Domain', async () => {
      await start({ cookie: { name: 'session', sameSite: 'strict', path: '/app', domain: 'example.com' } });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      const { attributes } = setCookie(response, 'session');
      expect(attributes.get('samesite')).toBe('Strict');
      expect(attributes.get('path')).toBe('/app');
      expect(attributes.get('domain')).toBe('example.com');
    });

    it('may use a __Host- name with the default attributes', async () => {
      await start({ cookie: { name: '__Host-auth' } });
      const jar = await login();
      const response = await http()
        .get('/me')
        .set('Cookie', `__Host-auth=${jar.get('__Host-auth')}`)
        .expect(200);
      expect(response.body.userId).toBe('alice');
    });

    it('comes with a CSRF cookie the page can read: same attributes and Max-Age, no HttpOnly', async () => {
      await start({ cookie: {}, expiration: 600 });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      const csrf = setCookie(response, 'XSRF-TOKEN');
      expect(csrf.value).toBe(response.body.csrfToken);
      expect(csrf.attributes.has('httponly')).toBe(false);
      expect(csrf.attributes.get('secure')).toBe(true);
      expect(csrf.attributes.get('samesite')).toBe('Lax');
      expect(csrf.attributes.get('max-age')).toBe('600');
    });

    it('comes without a CSRF cookie when csrf is false', async () => {
      await start({ cookie: { csrf: false } });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      expect(setCookiesOf(response).map((cookie) => cookie.name)).toEqual(['Authorization']);
    });

    it('keeps the Set-Cookie headers the handler set before it', async () => {
      await start({ cookie: {} });
      const response = await http().post('/auth/login-with-theme').send({ user: 'alice' }).expect(200);
      expect(setCookiesOf(response).map((cookie) => cookie.name)).toEqual([
        'theme',
        'Authorization',
        'XSRF-TOKEN',
      ]);
    });

    it('decodes back to the user, the claims given, the authentication time and a session id', async () => {
      await start({ cookie: {} });
      const jar = await login('alice', { claims: { role: 'editor' } });
      const claims = await verify(jar.get('Authorization')!);
      expect(claims).toMatchObject({
        sub: 'alice',
        role: 'editor',
        auth_time: START_SECONDS,
        iat: START_SECONDS,
      });
      expect(claims.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    });

    it("puts nothing but the claims into the token: remember()'s other options stay out", async () => {
      await start({ cookie: {} });
      const jar = await login('alice', { maxAge: 5, isAdmin: true, claims: { role: 'editor' } });
      const claims = await verify(jar.get('Authorization')!);
      expect(Object.keys(claims).sort()).toEqual(['auth_time', 'exp', 'iat', 'jti', 'role', 'sid', 'sub']);
    });

    it('is configured through forRootAsync as well', async () => {
      await start({ cookie: { name: 'async-session' } }, CookiesAppModule.registerAsync);
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      expect(setCookie(response, 'async-session').attributes.get('httponly')).toBe(true);
    });
  });

  describe('a request with the cookie', () => {
    it('is authenticated by the cookie alone', async () => {
      await start({ cookie: {} });
      const jar = await login();
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      expect(response.body.userId).toBe('alice');
    });

    it('logs in, reaches a protected route, logs out, and is refused', async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http().get('/me').set('Cookie', jar.header()).expect(200);
      const logout = await http().post('/auth/logout').set('Cookie', jar.header()).expect(204);
      jar.store(logout);
      const refused = await http().get('/me').set('Cookie', jar.header()).expect(401);
      expect(refused.body.code).toBe('token_missing');
    });

    it('is told by forget() to drop both cookies: empty, Max-Age=0, same Path and Domain', async () => {
      await start({ cookie: { path: '/app', domain: 'example.com' } });
      const response = await http().post('/auth/logout').expect(204);
      for (const name of ['Authorization', 'XSRF-TOKEN']) {
        const cookie = setCookie(response, name);
        expect([cookie.value, cookie.attributes.get('max-age')]).toEqual(['', '0']);
        expect([cookie.attributes.get('path'), cookie.attributes.get('domain')]).toEqual([
          '/app',
          'example.com',
        ]);
      }
    });

    it('is refused with 401 token_expired once the token has expired', async () => {
      await start({ cookie: {}, expiration: 600 });
      const jar = await login();
      now += 601_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(401);
      expect(response.body.code).toBe('token_expired');
    });

    it('is anonymous when the cookie is tampered with: 401 where a permission is needed', async () => {
      await start({ cookie: {} });
      const jar = await login();
      const [header, , signature] = jar.get('Authorization')!.split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'admin', exp: START_SECONDS + 3600 })).toString(
        'base64url',
      );
      const response = await http()
        .get('/me')
        .set('Cookie', `Authorization=${header}.${forged}.${signature}`)
        .expect(401);
      expect(response.body.code).toBe('token_invalid');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('is anonymous, not failed, on a public route when the cookie is not a JWT', async () => {
      await start({ cookie: { reissueTime: 60 } });
      now += 120_000;
      const response = await http()
        .get('/public')
        .set('Cookie', 'Authorization=%E2%82%AC"{not a token')
        .expect(200);
      expect(response.body).toEqual({ userId: null });
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('is not read at all when cookie mode is off', async () => {
      await start({});
      const token = await app!.get(JwtTokenService).createToken('alice');
      const response = await http().get('/me').set('Cookie', `Authorization=${token}`).expect(401);
      expect(response.body.code).toBe('token_missing');
    });

    it('is refused with 400 invalid_request when it also carries the Authorization header', async () => {
      await start({ cookie: {} });
      const jar = await login();
      const response = await http()
        .get('/me')
        .set('Cookie', jar.header())
        .set('Authorization', `Bearer ${jar.get('Authorization')}`)
        .expect(400);
      expect(response.body.code).toBe('token_ambiguous');
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="api", error="invalid_request", error_description="The request carries more than one access token"',
      );
    });

    it('is refused with 400 even on a public route when it also carries the Authorization header', async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http()
        .get('/public')
        .set('Cookie', jar.header())
        .set('Authorization', `Bearer ${jar.get('Authorization')}`)
        .expect(400);
    });

    it("is refused with 400 before the route's resource is loaded", async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http().get('/me/shared-notes/1').set('Cookie', jar.header()).expect(200, { readBy: 'alice' });
      await http()
        .get('/me/shared-notes/1')
        .set('Cookie', jar.header())
        .set('Authorization', `Bearer ${jar.get('Authorization')}`)
        .expect(400);
      expect(app!.get(NoteResource).loads).toBe(1);
    });

    it('is refused with 400 when it carries two cookies of the configured name', async () => {
      await start({ cookie: {} });
      const alice = await login('alice');
      const mallory = await login('mallory');
      const cookies = `Authorization=${mallory.get('Authorization')}; Authorization=${alice.get('Authorization')}`;
      const response = await http().get('/me').set('Cookie', cookies).expect(400);
      expect(response.body.code).toBe('token_ambiguous');
    });

    it('leaves the Authorization header working in cookie mode', async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http()
        .post('/me/notes')
        .set('Authorization', `Bearer ${jar.get('Authorization')}`)
        .expect(201, { savedFor: 'alice' });
    });
  });

  describe('CSRF protection of cookie-authenticated requests', () => {
    it('refuses a POST without the CSRF header: 403 csrf_missing', async () => {
      await start({ cookie: {} });
      const jar = await login();
      const response = await http().post('/me/notes').set('Cookie', jar.header()).expect(403);
      expect(response.body.code).toBe('csrf_missing');
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('refuses a POST with a wrong CSRF header: 403 csrf_invalid', async () => {
      await start({ cookie: {} });
      const jar = await login();
      const wrong = 'A'.repeat(43);
      const response = await http()
        .post('/me/notes')
        .set('Cookie', jar.header())
        .set('X-CSRF-Token', wrong)
        .expect(403);
      expect(response.body.code).toBe('csrf_invalid');
    });

    it("refuses the CSRF token of another user's session", async () => {
      await start({ cookie: {} });
      const alice = await login('alice');
      const mallory = await login('mallory');
      const response = await http()
        .post('/me/notes')
        .set('Cookie', alice.header())
        .set('X-CSRF-Token', mallory.get('XSRF-TOKEN')!)
        .expect(403);
      expect(response.body.code).toBe('csrf_invalid');
    });

    it('accepts a POST that echoes the CSRF cookie in the CSRF header', async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http()
        .post('/me/notes')
        .set('Cookie', jar.header())
        .set('X-CSRF-Token', jar.get('XSRF-TOKEN')!)
        .expect(201, { savedFor: 'alice' });
    });

    it.each(['put', 'patch', 'delete'] as const)('refuses a %s without the CSRF header', async (method) => {
      await start({ cookie: {} });
      const jar = await login();
      const response = await http()[method]('/me/notes/1').set('Cookie', jar.header()).expect(403);
      expect(response.body.code).toBe('csrf_missing');
    });

    it('needs no CSRF header for a GET', async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http().get('/me/notes/1').set('Cookie', jar.header()).expect(200, { editedBy: 'alice' });
    });

    it('makes a POST without the CSRF header anonymous on a public route', async () => {
      await start({ cookie: {} });
      const jar = await login();
      await http().post('/public').set('Cookie', jar.header()).expect(200, { userId: null });
    });

    it('reads the configured CSRF cookie and header names', async () => {
      await start({ cookie: { csrf: { cookieName: 'csrf', headerName: 'X-XSRF-TOKEN' } } });
      const jar = await login();
      await http()
        .post('/me/notes')
        .set('Cookie', jar.header())
        .set('X-XSRF-TOKEN', jar.get('csrf')!)
        .expect(201);
    });

    it('is off with csrf: false', async () => {
      await start({ cookie: { csrf: false } });
      const jar = await login();
      await http().post('/me/notes').set('Cookie', jar.header()).expect(201);
    });
  });

  describe('sliding reissue', () => {
    const cookie = { reissueTime: 300 };

    it('gives a cookie older than reissueTime a fresh one: same claims, new iat and exp', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login('alice', { claims: { role: 'editor' } });
      const original = await verify(jar.get('Authorization')!);
      now += 301_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      const reissued = setCookie(response, 'Authorization');
      const claims = await verify(reissued.value);
      // Every token has its own jti, a reissued one too.
      expect(claims).toEqual({
        ...original,
        iat: START_SECONDS + 301,
        exp: START_SECONDS + 301 + 900,
        jti: expect.any(String),
      });
      expect(claims.jti).not.toBe(original.jti);
      expect(reissued.attributes.get('max-age')).toBe('900');
    });

    it('leaves a cookie younger than reissueTime alone', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      now += 299_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('keeps the CSRF token, so requests in flight during a reissue still pass', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      const csrfBefore = jar.get('XSRF-TOKEN')!;
      now += 301_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      expect(setCookie(response, 'XSRF-TOKEN').value).toBe(csrfBefore);
      jar.store(response);
      await http().post('/me/notes').set('Cookie', jar.header()).set('X-CSRF-Token', csrfBefore).expect(201);
    });

    it('gives no new cookie to a user the GroupFinder now refuses', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login('alice');
      app!.get(UserDirectory).disabled.add('alice');
      now += 301_000;
      const open = await http().get('/public').set('Cookie', jar.header()).expect(200, { userId: null });
      expect(open.headers['set-cookie']).toBeUndefined();
      const closed = await http().get('/me').set('Cookie', jar.header()).expect(401);
      expect([closed.body.code, closed.headers['set-cookie']]).toEqual(['user_unknown', undefined]);
    });

    it('gives no new cookie on a @NoReissue() route', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      now += 301_000;
      const response = await http().get('/me/notifications').set('Cookie', jar.header()).expect(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('gives no new cookie when the handler calls cancelReissue()', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      now += 301_000;
      const response = await http().get('/me/without-reissue').set('Cookie', jar.header()).expect(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('gives no new cookie when the handler calls forget(): only the clearing ones', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      now += 301_000;
      const response = await http()
        .post('/auth/logout')
        .set('Cookie', jar.header())
        .set('X-CSRF-Token', jar.get('XSRF-TOKEN')!)
        .expect(204);
      expect(setCookiesOf(response).map((c) => [c.name, c.value, c.attributes.get('max-age')])).toEqual([
        ['Authorization', '', '0'],
        ['XSRF-TOKEN', '', '0'],
      ]);
    });

    it('gives no new cookie when the handler throws', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      now += 301_000;
      const response = await http().get('/me/failing').set('Cookie', jar.header()).expect(500);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('gives no cookie to a request authenticated by the header', async () => {
      await start({ cookie, expiration: 900 });
      const jar = await login();
      now += 301_000;
      const response = await http()
        .get('/me')
        .set('Authorization', `Bearer ${jar.get('Authorization')}`)
        .expect(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('does not happen without reissueTime', async () => {
      await start({ cookie: {}, expiration: 900 });
      const jar = await login();
      now += 899_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('happens when configured through forRootAsync', async () => {
      await start({ cookie, expiration: 900 }, CookiesAppModule.registerAsync);
      const jar = await login();
      now += 301_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      expect((await verify(setCookie(response, 'Authorization').value)).iat).toBe(START_SECONDS + 301);
    });

    // A global interceptor runs on every route of the application: without reissueTime, routes
    // must not pay for one.
    it.each([
      ['forRoot, no cookie mode', {}, CookiesAppModule.register],
      ['forRoot, cookie mode without reissueTime', { cookie: {} }, CookiesAppModule.register],
      ['forRootAsync, cookie mode without reissueTime', { cookie: {} }, CookiesAppModule.registerAsync],
    ] as const)(
      'puts no interceptor on the routes without reissueTime (%s)',
      async (_, options, register) => {
        const intercept = jest.spyOn(CookieReissueInterceptor.prototype, 'intercept');
        try {
          await start(options, register);
          await http().get('/public').expect(200);
          await app!.close();
          await start({ cookie }, register);
          await http().get('/public').expect(200);
          expect(intercept).toHaveBeenCalledTimes(1);
        } finally {
          intercept.mockRestore();
        }
      },
    );

    it('caps the reissued token at auth_time + maxSessionAge', async () => {
      await start({ cookie: { ...cookie, maxSessionAge: 1000 }, expiration: 900 });
      const jar = await login();
      now += 800_000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(200);
      const reissued = setCookie(response, 'Authorization');
      expect((await verify(reissued.value)).exp).toBe(START_SECONDS + 1000);
      expect(reissued.attributes.get('max-age')).toBe('200');
    });

    it('ends the session once maxSessionAge is reached, however active the user', async () => {
      await start({ cookie: { ...cookie, maxSessionAge: 1000 }, expiration: 900 });
      const jar = await login();
      for (const at of [400, 800]) {
        now = START + at * 1000;
        jar.store(await http().get('/me').set('Cookie', jar.header()).expect(200));
      }
      now = START + 1000 * 1000;
      const response = await http().get('/me').set('Cookie', jar.header()).expect(401);
      expect(response.body.code).toBe('token_expired');
    });

    it('caps the first cookie at maxSessionAge when that is shorter than expiration', async () => {
      await start({ cookie: { maxSessionAge: 500 }, expiration: 900 });
      const response = await http().post('/auth/login').send({ user: 'alice' }).expect(200);
      expect(setCookie(response, 'Authorization').attributes.get('max-age')).toBe('500');
    });
  });
});
