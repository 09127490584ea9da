import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request, { type Response } from 'supertest';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { AppModule } from '../../sample-app/app.module';

// No grace period, so that a second use of a refresh token is a reuse at once.
const ENVIRONMENT = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  JWT_EXPIRATION: '600',
  REFRESH_GRACE_SECONDS: '0',
};

/** `name=value` of each Set-Cookie line. */
function cookiesOf(response: Response): Record<string, string> {
  const lines = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return Object.fromEntries(lines.map((line) => line.split(';')[0].split(/=(.*)/s).slice(0, 2)));
}

describe.each(TITLED_PLATFORMS)('sample app sessions over %s', (_, platform) => {
  const savedEnvironment = { ...process.env };
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const login = async (username = 'alice') =>
    (
      await http()
        .post('/auth/login')
        .send({ username, password: `${username}-password` })
        .expect(200)
    ).body;
  const refresh = (body: unknown) =>
    http()
      .post('/auth/refresh')
      .send(body as object);
  const protectedWith = (accessToken: string) =>
    http().get('/protected').set('Authorization', `Bearer ${accessToken}`);

  beforeAll(async () => {
    Object.assign(process.env, ENVIRONMENT);
    app = await createApp(AppModule, platform);
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
  });

  describe('POST /auth/refresh', () => {
    it('answers a new pair with the OAuth 2.0 field names, and not for cache', async () => {
      const first = await login();
      const response = await refresh({ refresh_token: first.refresh_token }).expect(200);
      expect(response.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 600,
        refresh_token: expect.stringMatching(/^[\w-]{43}$/),
        refresh_expires_in: 1209600,
      });
      expect(response.body.refresh_token).not.toBe(first.refresh_token);
      expect(response.headers['cache-control']).toBe('no-store');
      await protectedWith(response.body.access_token).expect(200);
    });

    it('refuses a used refresh token with refresh_token_reused, and ends the session it belonged to', async () => {
      const first = await login();
      const second = (await refresh({ refresh_token: first.refresh_token }).expect(200)).body;
      await protectedWith(second.access_token).expect(200);
      const reused = await refresh({ refresh_token: first.refresh_token }).expect(401);
      expect(reused.body).toMatchObject({ statusCode: 401, code: 'refresh_token_reused' });
      const refused = await protectedWith(second.access_token).expect(401);
      expect(refused.body.code).toBe('token_revoked');
      expect((await refresh({ refresh_token: second.refresh_token }).expect(401)).body.code).toBe(
        'refresh_token_revoked',
      );
    });

    it.each([
      ['an unknown token', { refresh_token: 'A'.repeat(43) }],
      ['a token of the wrong length', { refresh_token: 'A'.repeat(44) }],
      ['a token outside the base64url alphabet', { refresh_token: `${'A'.repeat(42)}=` }],
    ])('refuses %s with 401 refresh_token_invalid', async (__, body) => {
      expect((await refresh(body).expect(401)).body).toMatchObject({
        statusCode: 401,
        code: 'refresh_token_invalid',
      });
    });

    it('refuses an access token as a refresh token', async () => {
      const { access_token } = await login();
      expect((await refresh({ refresh_token: access_token }).expect(401)).body.code).toBe(
        'refresh_token_invalid',
      );
    });

    it.each([
      ['a JSON array', [1]],
      ['a number for the token', { refresh_token: 42 }],
      ['an object for the token', { refresh_token: { $ne: '' } }],
      ['an empty token', { refresh_token: '' }],
      ['no token and no cookie', {}],
    ])('refuses %s with 400', async (__, body) => {
      expect((await refresh(body).expect(400)).body).toMatchObject({
        statusCode: 400,
        code: 'invalid_refresh_request',
      });
    });

    it('refuses a body that is not JSON with 400, never 500', async () => {
      const response = await http()
        .post('/auth/refresh')
        .set('Content-Type', 'application/json')
        .send('"just text"');
      expect(response.status).toBe(400);
    });
  });

  describe('POST /auth/logout', () => {
    it('answers 204 and ends the session: its access token, even a cached one, and its refresh token', async () => {
      const pair = await login();
      const other = await login();
      await protectedWith(pair.access_token).expect(200);
      await http().post('/auth/logout').set('Authorization', `Bearer ${pair.access_token}`).expect(204);
      const refused = await protectedWith(pair.access_token).expect(401);
      expect(refused.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'token_revoked',
        message: 'The access token has been revoked',
      });
      expect(refused.headers['www-authenticate']).toMatch(
        /^Bearer realm="api", error="invalid_token", error_description="The access token has been revoked", DPoP realm="api", algs="[^"]+"$/,
      );
      expect((await refresh({ refresh_token: pair.refresh_token }).expect(401)).body.code).toBe(
        'refresh_token_revoked',
      );
      await protectedWith(other.access_token).expect(200);
    });

    it('answers 204 without a token, revoking nothing', async () => {
      await http().post('/auth/logout').expect(204);
    });
  });

  describe('POST /auth/logout-all', () => {
    it("answers 204 and ends every session of the user, not other users'", async () => {
      const [a, b, bob] = [await login('alice'), await login('alice'), await login('bob')];
      await http().post('/auth/logout-all').set('Authorization', `Bearer ${a.access_token}`).expect(204);
      for (const pair of [a, b]) {
        expect((await protectedWith(pair.access_token).expect(401)).body.code).toBe('token_revoked');
        expect((await refresh({ refresh_token: pair.refresh_token }).expect(401)).body.code).toBe(
          'refresh_token_revoked',
        );
      }
      await protectedWith(bob.access_token).expect(200);
      const again = await login('alice');
      await protectedWith(again.access_token).expect(200);
    });

    it('needs an access token', async () => {
      await http().post('/auth/logout-all').expect(401);
    });
  });

  describe('in cookie mode', () => {
    async function cookieLogin() {
      const response = await http()
        .post('/auth/cookie-login')
        .send({ username: 'alice', password: 'alice-password' })
        .expect(200);
      return cookiesOf(response);
    }

    it('refreshes from the refresh cookie with the CSRF header, setting new cookies', async () => {
      const cookies = await cookieLogin();
      const response = await http()
        .post('/auth/refresh')
        .set('Cookie', `Refresh-Token=${cookies['Refresh-Token']}`)
        .set('X-CSRF-Token', cookies['XSRF-TOKEN'])
        .expect(200);
      const renewed = cookiesOf(response);
      expect(response.body).toEqual({
        csrf_token: cookies['XSRF-TOKEN'],
        expires_in: 600,
        refresh_expires_in: 1209600,
      });
      expect(renewed['Refresh-Token']).toMatch(/^[\w-]{43}$/);
      expect(renewed['Refresh-Token']).not.toBe(cookies['Refresh-Token']);
      await http().get('/protected').set('Cookie', `Authorization=${renewed.Authorization}`).expect(200);
    });

    it.each([
      ['without the CSRF header', undefined, 'csrf_missing'],
      ['with a wrong CSRF header', 'A'.repeat(43), 'csrf_invalid'],
    ])('refuses a refresh from the cookie %s with 403, using nothing up', async (__, header, code) => {
      const cookies = await cookieLogin();
      const call = http().post('/auth/refresh').set('Cookie', `Refresh-Token=${cookies['Refresh-Token']}`);
      const response = await (header === undefined ? call : call.set('X-CSRF-Token', header)).expect(403);
      expect(response.body.code).toBe(code);
      await http()
        .post('/auth/refresh')
        .set('Cookie', `Refresh-Token=${cookies['Refresh-Token']}`)
        .set('X-CSRF-Token', cookies['XSRF-TOKEN'])
        .expect(200);
    });

    it('logs the cookie session out: its access cookie is refused afterwards', async () => {
      const cookies = await cookieLogin();
      const session = `Authorization=${cookies.Authorization}`;
      await http()
        .post('/auth/logout')
        .set('Cookie', session)
        .set('X-CSRF-Token', cookies['XSRF-TOKEN'])
        .expect(204);
      expect((await http().get('/protected').set('Cookie', session).expect(401)).body.code).toBe(
        'token_revoked',
      );
    });
  });
});
