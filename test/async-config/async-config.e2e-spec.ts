import { JwtAuthModule, JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { ClassAppModule, ExistingAppModule, FactoryAppModule, MisconfiguredAppModule } from './app.module';

describe.each(PLATFORMS)('JwtAuthModule.forRootAsync (%s)', (platform) => {
  it('builds the options with useFactory and inject, and resolves the GroupFinder from imports', async () => {
    const app = await createApp(FactoryAppModule, platform);
    const tokens = app.get(JwtTokenService);
    await request(app.getHttpServer())
      .get('/admin')
      .set('Authorization', `Bearer ${await tokens.createToken('alice')}`)
      .expect(200);
    await request(app.getHttpServer())
      .get('/admin')
      .set('Authorization', `Bearer ${await tokens.createToken('bob')}`)
      .expect(403);
    await app.close();
  });

  it.each([
    ['useClass', ClassAppModule],
    ['useExisting', ExistingAppModule],
  ])('builds the options with %s (here, a bare token in X-Token)', async (_, module) => {
    const app = await createApp(module, platform);
    const token = await app.get(JwtTokenService).createToken('alice');
    await request(app.getHttpServer()).get('/admin').set('X-Token', token).expect(200);
    await request(app.getHttpServer()).get('/admin').set('Authorization', `Bearer ${token}`).expect(401);
    await app.close();
  });

  it('stops the application at start-up on a secret too short for the algorithm', async () => {
    await expect(createApp(MisconfiguredAppModule, platform)).rejects.toThrow(
      /"secret" is 9 bytes long, but HS512 needs at least 64/,
    );
  });
});

describe('JwtAuthModule.forRootAsync arguments', () => {
  it('needs exactly one of useFactory, useClass or useExisting', () => {
    expect(() => JwtAuthModule.forRootAsync({})).toThrow(
      /exactly one of useFactory, useClass or useExisting/,
    );
  });
});
