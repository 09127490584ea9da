import { Logger, type INestApplication } from '@nestjs/common';
import { Authenticated, Everyone, GroupFinder, JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { forgeToken, nowSeconds } from '../support/forge-token';
import { createApp, PLATFORMS } from '../support/platforms';
import { AppModule, SECRET } from './app.module';
import { UsersGroupFinder } from './users.group-finder';

describe.each(PLATFORMS)('JwtAuthModule at the door (%s)', (platform) => {
  let app: INestApplication;
  let tokens: JwtTokenService;
  let server: any;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokenFor = (user: string, options?: Parameters<JwtTokenService['createToken']>[1]) =>
    tokens.createToken(user, options);

  beforeAll(async () => {
    app = await createApp(AppModule, platform);
    tokens = app.get(JwtTokenService);
    server = app.getHttpServer();
  });
  afterAll(() => app.close());

  describe('no credentials', () => {
    it('answers 401 with a bare Bearer challenge on a route that needs a user', async () => {
      const response = await request(server).get('/protected').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'token_missing',
        message: 'No access token was provided',
      });
    });

    it('requires Authenticated on a route without @Permission (secure by default)', async () => {
      await request(server).get('/default').expect(401);
    });

    it('opens a @Public() route to anonymous requests', async () => {
      const response = await request(server).get('/public').expect(200);
      expect(response.body).toEqual({ userId: null, principals: [Everyone] });
    });

    it('ignores a Basic Authorization header: no token, so 401 token_missing', async () => {
      const response = await request(server)
        .get('/protected')
        .set('Authorization', 'Basic dXNlcjpwYXNz')
        .expect(401);
      expect(response.body.code).toBe('token_missing');
    });
  });

  describe('a valid token', () => {
    it('opens an Authenticated route (the seed: Protected content)', async () => {
      const response = await request(server)
        .get('/protected')
        .set(bearer(await tokenFor('bob')))
        .expect(200);
      expect(response.text).toBe('Protected content');
    });

    it("reads the seed's literal @Permission('Authenticated') as the Authenticated principal", async () => {
      await request(server).get('/seed').expect(401);
      await request(server)
        .get('/seed')
        .set(bearer(await tokenFor('bob')))
        .expect(200);
    });

    it('accepts the JWT scheme, in any case', async () => {
      await request(server)
        .get('/protected')
        .set('Authorization', `jwt ${await tokenFor('bob')}`)
        .expect(200);
    });

    it('opens a group route to a member of the group', async () => {
      await request(server)
        .get('/admin')
        .set(bearer(await tokenFor('alice')))
        .expect(200, 'admin area');
    });

    it('answers 403 insufficient_scope to a user outside the group', async () => {
      const response = await request(server)
        .get('/admin')
        .set(bearer(await tokenFor('bob')))
        .expect(403);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="insufficient_scope"/);
      expect(response.body.code).toBe('permission_denied');
    });

    it('refuses a group permission to a user whose id is the group name but who is not in the group', async () => {
      const response = await request(server)
        .get('/admin')
        .set(bearer(await tokenFor('admin')))
        .expect(403);
      expect(response.body.code).toBe('permission_denied');
    });

    it("lets a handler's @Permission override its controller's", async () => {
      await request(server)
        .get('/members')
        .set(bearer(await tokenFor('bob')))
        .expect(200, 'members');
      await request(server)
        .get('/members/manage')
        .set(bearer(await tokenFor('bob')))
        .expect(403);
      await request(server)
        .get('/members/manage')
        .set(bearer(await tokenFor('alice')))
        .expect(200, 'manage');
    });

    it('exposes user id, principals and claims to the handler', async () => {
      const token = await tokenFor('alice', { claims: { email: 'alice@example.com' } });
      const response = await request(server).get('/me').set(bearer(token)).expect(200);
      expect(response.body).toMatchObject({
        userId: 'alice',
        principals: [Everyone, Authenticated, 'user:alice', 'admin', 'user'],
        claims: { sub: 'alice', aud: 'scenario', email: 'alice@example.com' },
        email: 'alice@example.com',
      });
    });

    it('shows the user on a public route', async () => {
      const response = await request(server)
        .get('/public')
        .set(bearer(await tokenFor('bob')))
        .expect(200);
      expect(response.body.userId).toBe('bob');
    });
  });

  describe('a bad token', () => {
    it('answers 401 invalid_token for a tampered token', async () => {
      const token = await tokenFor('bob');
      const response = await request(server)
        .get('/protected')
        .set(bearer(`${token}x`))
        .expect(401);
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="api", error="invalid_token", error_description="The access token is invalid"',
      );
      expect(response.body.code).toBe('token_invalid');
    });

    it('tells an expired token apart', async () => {
      const token = forgeToken(
        { alg: 'HS512' },
        { sub: 'bob', aud: 'scenario', exp: nowSeconds() - 10 },
        SECRET,
      );
      const response = await request(server).get('/protected').set(bearer(token)).expect(401);
      expect(response.headers['www-authenticate']).toContain(
        'error_description="The access token has expired"',
      );
      expect(response.body.code).toBe('token_expired');
    });

    it('treats a bad token on a public route as anonymous', async () => {
      const response = await request(server).get('/public').set(bearer('not-a-token')).expect(200);
      expect(response.body.userId).toBeNull();
    });

    it.each([
      [
        'alg none',
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"alice"}').toString('base64url')}.`,
      ],
      ['a text payload', forgeToken({ alg: 'HS512' }, 'alice', SECRET)],
      ['an oversize token', 'a'.repeat(9000) + '.b.c'],
      ['garbage', '%%%'],
      ['unicode', 'ü.ö.ä'],
    ])('answers 401, never 500, for %s', async (_, token) => {
      const response = await request(server).get('/admin').set(bearer(token)).expect(401);
      expect(response.body.code).toBe('token_invalid');
    });

    it('answers 401 user_unknown for a user the GroupFinder refuses', async () => {
      const response = await request(server)
        .get('/protected')
        .set(bearer(await tokenFor('carol')))
        .expect(401);
      expect(response.body.code).toBe('user_unknown');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('fails the request, never lets it through, when the GroupFinder throws', async () => {
      const response = await request(server)
        .get('/protected')
        .set(bearer(await tokenFor('boom')));
      expect(response.status).toBe(500);
      expect(response.body.code).toBe('group_finder_failed');
    });

    it('lets a public route (a login route) answer a caller whose GroupFinder lookup throws, as anonymous', async () => {
      const response = await request(server)
        .get('/public')
        .set(bearer(await tokenFor('boom')))
        .expect(200);
      expect(response.body).toEqual({ userId: null, principals: [Everyone] });
    });

    it('logs which user the GroupFinder answered what type for, and answers 500 group_finder_faulty', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const response = await request(server)
          .get('/protected')
          .set(bearer(await tokenFor('odd')))
          .expect(500);
        expect(response.body.code).toBe('group_finder_faulty');
        expect(errors).toHaveBeenCalledWith(
          expect.stringMatching(/^GroupFinder\.findGroups\("odd"\) returned a number; /),
        );
      } finally {
        errors.mockRestore();
      }
    });
  });

  it('calls a failing GroupFinder once per request too, even when the guard runs twice', async () => {
    const finder = app.get<GroupFinder, UsersGroupFinder>(GroupFinder);
    const before = finder.calls;
    await request(server)
      .get('/guarded-twice')
      .set(bearer(await tokenFor('boom')))
      .expect(500);
    expect(finder.calls - before).toBe(1);
  });

  it('calls the GroupFinder once per request, even when the guard runs twice', async () => {
    const finder = app.get<GroupFinder, UsersGroupFinder>(GroupFinder);
    const before = finder.calls;
    const response = await request(server)
      .get('/guarded-twice')
      .set(bearer(await tokenFor('bob')))
      .expect(200);
    expect(response.body.userId).toBe('bob');
    expect(finder.calls - before).toBe(1);
  });
});
