import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Authenticated, Everyone } from 'nestjs-jwt-permissions';
import { AppModule } from '../../sample-app/app.module';

// The sample reads these when the application starts, exactly as `npm start` would.
const ENVIRONMENT = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  JWT_ALGORITHM: 'HS384',
  JWT_EXPIRATION: '600',
};

const adapters = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

type DemoUser = 'alice' | 'bob' | 'carol';

function decodeSegment(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

describe.each(adapters)('sample app over %s', (adapterName, createAdapter) => {
  const savedEnvironment = { ...process.env };
  let app: INestApplication;
  const tokens = {} as Record<DemoUser, string>;

  const login = (body: unknown) =>
    request(app.getHttpServer())
      .post('/auth/login')
      .send(body as object);
  const get = (path: string, user?: DemoUser) => {
    const call = request(app.getHttpServer()).get(path);
    return user ? call.set('Authorization', `Bearer ${tokens[user]}`) : call;
  };

  beforeAll(async () => {
    Object.assign(process.env, ENVIRONMENT);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication(createAdapter(), { logger: false });
    await app.init();
    if (adapterName === 'Fastify') await app.getHttpAdapter().getInstance().ready();
    for (const user of ['alice', 'bob', 'carol'] as const) {
      const response = await login({ username: user, password: `${user}-password` });
      tokens[user] = response.body.access_token;
    }
    // Booting the whole sample app and three scrypt logins take seconds on a busy two-core machine.
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
  });

  describe('POST /auth/login', () => {
    it('answers a Bearer token and its lifetime from JWT_EXPIRATION, and a refresh token', async () => {
      const response = await login({ username: 'alice', password: 'alice-password' }).expect(200);
      expect(response.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 600,
        refresh_token: expect.stringMatching(/^[\w-]{43}$/),
        refresh_expires_in: 1209600,
      });
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('signs with the algorithm named in JWT_ALGORITHM', () => {
      expect(decodeSegment(tokens.alice, 0)).toMatchObject({ alg: 'HS384' });
    });

    it('writes the user id as sub and the display name as a claim', () => {
      const claims = decodeSegment(tokens.bob, 1);
      expect(claims).toMatchObject({ sub: 'bob', name: 'Bob' });
      expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    });

    it('still issues a token to carol, whose account is disabled', () => {
      expect(decodeSegment(tokens.carol, 1)).toMatchObject({ sub: 'carol' });
    });

    it('refuses a wrong password with 401', async () => {
      const response = await login({ username: 'alice', password: 'bob-password' }).expect(401);
      expect(response.body.code).toBe('invalid_credentials');
    });

    it('refuses an unknown user with 401', async () => {
      const response = await login({ username: 'mallory', password: 'mallory-password' }).expect(401);
      expect(response.body.code).toBe('invalid_credentials');
    });

    it.each([
      ['an empty object', {}],
      ['an object without a password', { username: 'alice' }],
      ['a number as the username', { username: 42, password: 'alice-password' }],
      ['an object as the password', { username: 'alice', password: { $ne: '' } }],
      ['an empty username', { username: '', password: 'alice-password' }],
      ['an array', [{ username: 'alice', password: 'alice-password' }]],
    ])('refuses %s with 400', async (_, body) => {
      const response = await login(body).expect(400);
      expect(response.body.code).toBe('invalid_login_request');
    });

    it.each([
      ['malformed JSON', 'application/json', '{"username":'],
      ['a JSON string', 'application/json', '"alice"'],
      ['JSON null', 'application/json', 'null'],
      ['plain text', 'text/plain', 'alice:alice-password'],
    ])('refuses %s with 400', async (_, contentType, body) => {
      await request(app.getHttpServer())
        .post('/auth/login')
        .set('Content-Type', contentType)
        .send(body)
        .expect(400);
    });

    it('refuses a request with no body with 400', async () => {
      await request(app.getHttpServer()).post('/auth/login').expect(400);
    });
  });

  describe('GET /public', () => {
    it('answers a request without a token', async () => {
      await get('/public').expect(200, 'Public content');
    });

    it('answers a request whose token is invalid, as anonymous', async () => {
      await request(app.getHttpServer())
        .get('/public')
        .set('Authorization', 'Bearer not.a.token')
        .expect(200, 'Public content');
    });

    it.each(['alice', 'bob', 'carol'] as const)('answers %s', async (user) => {
      await get('/public', user).expect(200, 'Public content');
    });
  });

  describe('GET /protected', () => {
    it('refuses a request without a token with 401, a bare Bearer challenge and the DPoP one', async () => {
      const response = await get('/protected').expect(401);
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="api", DPoP realm="api", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA"',
      );
      expect(response.body.code).toBe('token_missing');
    });

    it('refuses an invalid token with 401 invalid_token', async () => {
      const response = await request(app.getHttpServer())
        .get('/protected')
        .set('Authorization', `Bearer ${tokens.alice}x`)
        .expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
      expect(response.body.code).toBe('token_invalid');
    });

    it.each(['alice', 'bob'] as const)('answers Protected content to %s', async (user) => {
      await get('/protected', user).expect(200, 'Protected content');
    });

    it('refuses carol, whom the GroupFinder no longer accepts, with 401 invalid_token', async () => {
      const response = await get('/protected', 'carol').expect(401);
      expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
      expect(response.body.code).toBe('user_unknown');
    });
  });

  describe('GET /admin', () => {
    it('answers alice, who is in the admin group', async () => {
      await get('/admin', 'alice').expect(200, 'Admin content');
    });

    it('refuses bob, who is not, with 403 insufficient_scope', async () => {
      const response = await get('/admin', 'bob').expect(403);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="insufficient_scope"/);
      expect(response.body.code).toBe('permission_denied');
    });

    it('refuses carol with 401', async () => {
      const response = await get('/admin', 'carol').expect(401);
      expect(response.body.code).toBe('user_unknown');
    });

    it('refuses a request without a token with 401', async () => {
      const response = await get('/admin').expect(401);
      expect(response.body.code).toBe('token_missing');
    });
  });

  describe('GET /me', () => {
    it("answers alice's user id, principals and claims", async () => {
      const response = await get('/me', 'alice').expect(200);
      expect(response.body).toEqual({
        userId: 'alice',
        principals: [Everyone, Authenticated, 'user:alice', 'admin', 'user'],
        claims: decodeSegment(tokens.alice, 1),
      });
    });

    it("answers bob's principals, without the admin group", async () => {
      const response = await get('/me', 'bob').expect(200);
      expect(response.body.principals).toEqual([Everyone, Authenticated, 'user:bob', 'user']);
    });

    it('refuses carol with 401', async () => {
      await get('/me', 'carol').expect(401);
    });

    it('refuses a request without a token with 401', async () => {
      await get('/me').expect(401);
    });
  });

  // The documents feature is tested in depth in test/acl-documents; here, that the app wires it in.
  describe('/documents, decided by ACLs', () => {
    const send = (method: 'put' | 'delete', path: string, user: DemoUser) =>
      request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${tokens[user]}`);

    it('lets any logged-in user view a document (root ACL)', async () => {
      await get('/documents/1', 'bob').expect(200);
      await get('/documents/1').expect(401);
    });

    it("lets bob edit his own document but not alice's (the document's ACL)", async () => {
      await send('put', '/documents/2', 'bob').send({ title: 'Bob notes' }).expect(200);
      await send('put', '/documents/1', 'bob').send({ title: 'Mine now' }).expect(403);
    });

    it('lets only admin delete', async () => {
      await send('delete', '/documents/2', 'bob').expect(403);
      await send('delete', '/documents/2', 'alice').expect(204);
      await get('/documents/2', 'alice').expect(404);
    });
  });
});
