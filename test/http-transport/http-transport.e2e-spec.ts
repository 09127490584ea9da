import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Authenticated, Everyone, JwtTokenService } from 'nestjs-jwt-auth';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { HttpAppModule } from './app.module';

const adapters = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

describe.each(adapters)('HTTP over %s, next to the other transports', (adapterName, createAdapter) => {
  const clock = new TestClock();
  let app: INestApplication;
  let tokens: TestTokens;

  const call = (method: 'get' | 'post', path: string, token?: string) => {
    const pending = request(app.getHttpServer())[method](path);
    return token === undefined ? pending : pending.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HttpAppModule.on(clock)] }).compile();
    app = moduleRef.createNestApplication(createAdapter(), { logger: false });
    await app.init();
    if (adapterName === 'Fastify') await app.getHttpAdapter().getInstance().ready();
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 with a bare Bearer challenge without a token', async () => {
    const response = await call('get', '/whoami').expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'token_missing', message: 'No access token was provided' });
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
    expect(response.body).toEqual({ userId: 'alice', principals: [Everyone, Authenticated, 'alice', 'admin'], name: 'Alice' });
  });

  it('answers a public route for an anonymous caller', async () => {
    const response = await call('get', '/greeting').expect(200);
    expect(response.text).toBe('hello anonymous');
  });
});
