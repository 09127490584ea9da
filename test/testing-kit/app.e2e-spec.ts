import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JwtAuthTesting } from 'nestjs-jwt-permissions/testing';
import request from 'supertest';
import { AppModule } from './app.module';

describe('notes (e2e)', () => {
  let app: INestApplication;
  let auth: JwtAuthTesting;

  beforeAll(async () => {
    // The app as it runs, with a clock the test moves and a fixed map of users and groups.
    const moduleRef = await JwtAuthTesting.override(Test.createTestingModule({ imports: [AppModule] }), {
      groups: { alice: ['admin'], bob: [] },
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    auth = JwtAuthTesting.from(app);
  });

  afterAll(() => app.close());

  it('opens a public route to anyone', () => {
    return request(app.getHttpServer()).get('/notes/public').expect(200, 'for everyone');
  });

  it('answers 401 without a token', async () => {
    const response = await request(app.getHttpServer()).get('/notes/mine').expect(401);
    expect(response.body.code).toBe('token_missing');
  });

  it('lets a user in with a token signed by the app’s own keys', async () => {
    await request(app.getHttpServer())
      .get('/notes/mine')
      .set(await auth.bearer('bob'))
      .expect(200, 'notes of bob');
  });

  it('answers 403 to a user outside the group, 200 to a member', async () => {
    await request(app.getHttpServer())
      .get('/notes/all')
      .set(await auth.bearer('bob'))
      .expect(403);
    await request(app.getHttpServer())
      .get('/notes/all')
      .set(await auth.bearer('alice'))
      .expect(200);
  });

  it('gives any user the groups a test needs, with the token', async () => {
    const headers = await auth.bearer('carol', { groups: ['admin'] });
    await request(app.getHttpServer()).get('/notes/all').set(headers).expect(200);
  });

  it('refuses a token once its lifetime has passed, without waiting', async () => {
    const headers = await auth.bearer('bob', { expiration: 60 });
    await request(app.getHttpServer()).get('/notes/mine').set(headers).expect(200);

    auth.clock.advance(61);

    const response = await request(app.getHttpServer()).get('/notes/mine').set(headers).expect(401);
    expect(response.body.code).toBe('token_expired');
  });
});
