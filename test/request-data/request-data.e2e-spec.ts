import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Authenticated, Everyone, JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { AppModule } from './app.module';

describe.each(['express', 'fastify'] as const)('request data on %s', (adapter) => {
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    if (adapter === 'fastify') {
      app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
      await app.init();
      await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
    } else {
      app = moduleRef.createNestApplication();
      await app.init();
    }
    token = await app.get(JwtTokenService).createToken('alice');
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives the handler the same identity through the decorators and on the request', async () => {
    const response = await request(app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const expected = {
      userId: 'alice',
      principals: [Everyone, Authenticated, 'user:alice', 'editor'],
      sub: 'alice',
    };
    expect(response.body).toEqual({ decorators: expected, request: expected });
  });

  it('shows an anonymous request as anonymous, on the request too', async () => {
    const response = await request(app.getHttpServer()).get('/open').expect(200);
    expect(response.body).toEqual({ decorator: null, request: null, principals: [Everyone] });
  });

  it("does not carry one request's identity over to the next on the same connection", async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/me').set('Authorization', `Bearer ${token}`).expect(200);
    const response = await agent.get('/open').expect(200);
    expect(response.body.request).toBeNull();
  });
});

describe('request data on express, where each request has a hidden class of its own', () => {
  it('is read through accessors, without adding a property to the request', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const token = await app.get(JwtTokenService).createToken('alice');
      const response = await request(app.getHttpServer())
        .get('/own-fields')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(response.body).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
