import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request, { type Response } from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { AppModule } from '../../sample-app/app.module';

const ENVIRONMENT = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  JWT_ALGORITHM: 'HS384',
  JWT_EXPIRATION: '600',
};

/** `name=value` of each Set-Cookie line, ready to send back as a Cookie header. */
function cookiesOf(response: Response): Record<string, string> {
  const lines = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return Object.fromEntries(lines.map((line) => line.split(';')[0].split(/=(.*)/s).slice(0, 2)));
}

describe.each(PLATFORMS)('sample app in cookie mode (%s)', (platform) => {
  const savedEnvironment = { ...process.env };
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const cookieLogin = (username: string) =>
    http()
      .post('/auth/cookie-login')
      .send({ username, password: `${username}-password` });

  beforeAll(async () => {
    Object.assign(process.env, ENVIRONMENT);
    app = await createApp(AppModule, platform);
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
  });

  it('sets the HttpOnly auth cookie, the CSRF cookie and the refresh cookie on POST /auth/cookie-login', async () => {
    const response = await cookieLogin('alice').expect(200);
    const cookies = cookiesOf(response);
    expect(response.body).toEqual({
      csrf_token: cookies['XSRF-TOKEN'],
      expires_in: 600,
      refresh_expires_in: 1209600,
    });
    expect(response.headers['set-cookie']).toEqual([
      expect.stringMatching(
        /^Authorization=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=600; Path=\/; Secure; HttpOnly; SameSite=Lax$/,
      ),
      expect.stringMatching(/^XSRF-TOKEN=[\w-]{43}; Max-Age=600; Path=\/; Secure; SameSite=Lax$/),
      expect.stringMatching(
        /^Refresh-Token=[\w-]{43}; Max-Age=1209600; Path=\/auth\/refresh; Secure; HttpOnly; SameSite=Lax$/,
      ),
    ]);
  });

  it('refuses wrong credentials with 401 and sets no cookie', async () => {
    const response = await http()
      .post('/auth/cookie-login')
      .send({ username: 'alice', password: 'nope' })
      .expect(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a login sent as a form, which a cross-site page could submit, with 415', async () => {
    await http()
      .post('/auth/cookie-login')
      .type('form')
      .send({ username: 'alice', password: 'alice-password' })
      .expect(415);
  });

  it('opens the protected routes to the cookie', async () => {
    const { Authorization } = cookiesOf(await cookieLogin('alice'));
    await http()
      .get('/protected')
      .set('Cookie', `Authorization=${Authorization}`)
      .expect(200, 'Protected content');
    await http().get('/admin').set('Cookie', `Authorization=${Authorization}`).expect(200, 'Admin content');
  });

  it("keeps bob's cookie out of the admin route with 403", async () => {
    const { Authorization } = cookiesOf(await cookieLogin('bob'));
    await http().get('/admin').set('Cookie', `Authorization=${Authorization}`).expect(403);
  });

  it('clears the three cookies on POST /auth/logout', async () => {
    const response = await http().post('/auth/logout').expect(204);
    expect(response.headers['set-cookie']).toEqual([
      'Authorization=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax',
      'XSRF-TOKEN=; Max-Age=0; Path=/; Secure; SameSite=Lax',
      'Refresh-Token=; Max-Age=0; Path=/auth/refresh; Secure; HttpOnly; SameSite=Lax',
    ]);
  });

  it('refuses carol, whom the GroupFinder no longer accepts, though her login succeeds', async () => {
    const { Authorization } = cookiesOf(await cookieLogin('carol').expect(200));
    const response = await http().get('/me').set('Cookie', `Authorization=${Authorization}`).expect(401);
    expect(response.body.code).toBe('user_unknown');
  });
});
