import type { INestApplication } from '@nestjs/common';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { LocalGuardAppModule, OpenByDefaultAppModule } from './app.module';

describe.each(PLATFORMS)('globalGuard: false (%s)', (platform) => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp(LocalGuardAppModule, platform);
  });
  afterAll(() => app.close());

  it('leaves routes without @UseGuards(JwtAuthGuard) alone', async () => {
    await request(app.getHttpServer()).get('/unguarded').expect(200, 'no guard here');
  });

  it('guards routes with @UseGuards(JwtAuthGuard) in another module', async () => {
    await request(app.getHttpServer()).get('/guarded').expect(401);
    const token = await app.get(JwtTokenService).createToken('bob');
    const response = await request(app.getHttpServer())
      .get('/guarded')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(response.body).toEqual({ userId: 'bob' });
  });

  it('gives a user no groups without a GroupFinder', async () => {
    const token = await app.get(JwtTokenService).createToken('bob');
    await request(app.getHttpServer())
      .get('/guarded-admin')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
  });
});

describe.each(PLATFORMS)('defaultPermission: Everyone (%s)', (platform) => {
  it("opens routes without @Permission, Pyramid's default", async () => {
    const app = await createApp(OpenByDefaultAppModule, platform);
    const response = await request(app.getHttpServer()).get('/guarded').expect(200);
    expect(response.body).toEqual({ userId: null });
    await request(app.getHttpServer()).get('/guarded-admin').expect(401);
    await app.close();
  });
});
