import type { INestApplication } from '@nestjs/common';
import { JwtTokenService, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { migratingApp } from './app.module';

describe.each(PLATFORMS)('moving from passport-jwt route by route (%s)', (platform) => {
  let app: INestApplication;
  let bearer: string;

  async function start(requestUser: JwtAuthOptions['requestUser']): Promise<void> {
    app = await createApp(migratingApp(requestUser), platform);
    bearer = `Bearer ${await app.get(JwtTokenService).createToken('alice', { claims: { username: 'alice@example.com' } })}`;
  }
  const get = (path: string, authorization?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };
  afterEach(() => app?.close());

  describe('with requestUser: true', () => {
    beforeEach(() => start(true));

    it("gives the migrated route the user passport's validate() gave, and the claims", async () => {
      const legacy = (await get('/legacy/profile', bearer).expect(200)).body;
      const migrated = (await get('/profile', bearer).expect(200)).body;
      expect(legacy).toEqual({ userId: 'alice', username: 'alice@example.com' });
      expect(migrated).toMatchObject(legacy);
      expect(migrated).toMatchObject({ sub: 'alice', exp: expect.any(Number), iat: expect.any(Number) });
    });

    it("keeps userId the token's sub even when a claim of that name says otherwise", async () => {
      const token = await app.get(JwtTokenService).createToken('alice', { claims: { userId: 'mallory' } });
      expect((await get('/profile', `Bearer ${token}`).expect(200)).body.userId).toBe('alice');
    });

    it('refuses the same requests on both routes', async () => {
      await get('/legacy/profile').expect(401);
      await get('/profile').expect(401);
      await get('/legacy/profile', 'Bearer not.a.token').expect(401);
      await get('/profile', 'Bearer not.a.token').expect(401);
    });

    it('sets no user on an anonymous request to a public route', async () => {
      await get('/open').expect(200, { hasUser: false });
    });
  });

  it('sets what a function of the identity returns, as a validate() would', async () => {
    await start(({ userId, claims }) => ({ userId, username: claims?.username }));
    const legacy = (await get('/legacy/profile', bearer).expect(200)).body;
    expect((await get('/profile', bearer).expect(200)).body).toEqual(legacy);
  });

  it('sets no request.user by default', async () => {
    await start(undefined);
    const response = await get('/profile', bearer).expect(200);
    expect(response.body).toEqual({});
  });
});
