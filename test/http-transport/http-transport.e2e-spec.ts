import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Authenticated, Everyone, JwtTokenService } from 'nestjs-jwt-permissions';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { rawGet } from '../support/raw-request';
import {
  GROUP_FINDER_ERROR,
  issueTestTokens,
  TEST_GROUP_FINDER_TIMEOUT,
  TestClock,
  type TestTokens,
} from '../support/transport-test-kit';
import { HttpAppModule } from './app.module';

describe.each(TITLED_PLATFORMS)('HTTP over %s, next to the other transports', (_, platform) => {
  const clock = new TestClock();
  let app: INestApplication;
  let tokens: TestTokens;

  const call = (method: 'get' | 'post', path: string, token?: string) => {
    const pending = request(app.getHttpServer())[method](path);
    return token === undefined ? pending : pending.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    app = await createApp(HttpAppModule.on(clock), platform);
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 with a bare Bearer challenge without a token', async () => {
    const response = await call('get', '/whoami').expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'token_missing',
      message: 'No access token was provided',
    });
  });

  it('answers 401 invalid_token to a forged token', async () => {
    const response = await call('get', '/whoami', tokens.forged).expect(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body.code).toBe('token_invalid');
  });

  it('answers 401 token_expired to an expired token', async () => {
    const response = await call('get', '/whoami', tokens.expired).expect(401);
    expect(response.body.code).toBe('token_expired');
  });

  it('answers 403 insufficient_scope to a user without the permission', async () => {
    const response = await call('post', '/notes', tokens.bob).expect(403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.body.code).toBe('permission_denied');
  });

  it('runs a route that needs a permission for a user with it', async () => {
    const response = await call('post', '/notes', tokens.alice).expect(201);
    expect(response.text).toBe('note added by alice');
  });

  it('hands the claims, the user id and the principals to the handler through the decorators', async () => {
    const response = await call('get', '/whoami', tokens.alice).expect(200);
    expect(response.body).toEqual({
      userId: 'alice',
      principals: [Everyone, Authenticated, 'user:alice', 'admin'],
      name: 'Alice',
    });
  });

  it('answers a public route for an anonymous caller', async () => {
    const response = await call('get', '/greeting').expect(200);
    expect(response.text).toBe('hello anonymous');
  });

  describe('a GroupFinder that fails', () => {
    it.each([
      [
        'throws',
        'failing',
        500,
        'Internal Server Error',
        'group_finder_failed',
        'The server could not look up the groups of the user',
      ],
      [
        'returns something other than group names',
        'faulty',
        500,
        'Internal Server Error',
        'group_finder_faulty',
        'The GroupFinder of the server is faulty: it did not answer with group names',
      ],
      [
        'does not answer within groupFinderTimeout',
        'stalled',
        503,
        'Service Unavailable',
        'group_finder_timeout',
        'The server could not look up the groups of the user in time',
      ],
    ] as const)(
      'answers a route that needs a user, when it %s, with the code and no internals',
      async (_, user, status, error, code, message) => {
        const response = await call('get', '/whoami', tokens[user]).expect(status);
        expect(response.body).toEqual({ statusCode: status, error, code, message });
        expect(response.text).not.toContain(GROUP_FINDER_ERROR);
        expect(response.headers['www-authenticate']).toBeUndefined();
      },
    );

    it('waits groupFinderTimeout before answering 503', async () => {
      const started = Date.now();
      await call('get', '/whoami', tokens.stalled).expect(503);
      expect(Date.now() - started).toBeGreaterThanOrEqual(TEST_GROUP_FINDER_TIMEOUT - 5);
    });

    it.each(['failing', 'faulty', 'stalled'] as const)(
      'lets a %s lookup through a public route as anonymous',
      async (user) => {
        const response = await call('get', '/greeting', tokens[user]).expect(200);
        expect(response.text).toBe('hello anonymous');
      },
    );
  });

  describe('two Authorization headers', () => {
    // Node keeps only the first in `request.headers`; a proxy may read the last.
    const twice = (path: string, first: string, second: string) =>
      rawGet(app.getHttpServer(), path, [
        `Authorization: Bearer ${first}`,
        `Authorization: Bearer ${second}`,
      ]);

    it('refuses them with 400 invalid_request, whichever user each names', async () => {
      const response = await twice('/whoami', tokens.bob, tokens.alice);
      expect(response.status).toBe(400);
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="api", error="invalid_request", error_description="The request carries more than one access token"',
      );
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'token_ambiguous',
        message: 'The request carries more than one access token',
      });
    });

    it('refuses them on a public route too, even when both carry the same token', async () => {
      const response = await twice('/greeting', tokens.alice, tokens.alice);
      expect(response).toMatchObject({ status: 400, body: { code: 'token_ambiguous' } });
    });

    it('refuses them whatever the case of each header name', async () => {
      const lines = [`authorization: Bearer ${tokens.alice}`, `AUTHORIZATION: Bearer ${tokens.bob}`];
      const response = await rawGet(app.getHttpServer(), '/whoami', lines);
      expect(response).toMatchObject({ status: 400, body: { code: 'token_ambiguous' } });
    });

    it('accepts one Authorization header among other headers, spelled in any case', async () => {
      const lines = [
        'X-Authorization: other',
        `AuThOrIzAtIoN: Bearer ${tokens.alice}`,
        'Accept: application/json',
      ];
      const response = await rawGet(app.getHttpServer(), '/whoami', lines);
      expect(response).toMatchObject({ status: 200, body: { userId: 'alice' } });
    });
  });
});
