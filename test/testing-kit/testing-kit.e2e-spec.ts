import {
  Controller,
  Get,
  Injectable,
  Module,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import {
  EffectivePrincipals,
  GroupFinder,
  JwtAuthModule,
  JwtClaims,
  Permission,
  type VerifiedClaims,
} from 'nestjs-jwt-permissions';
import { FixedGroupFinder, JwtAuthTesting, TestClock } from 'nestjs-jwt-permissions/testing';
import request from 'supertest';
import { createAppFrom, PLATFORMS } from '../support/platforms';
import { AppGroupFinder } from './app-group-finder';
import { AppModule } from './app.module';

const SECRET = 'testing-kit-scenario-secret-of-64-bytes-for-hs512-0123456789abcd';

@Controller()
class KitController {
  @Get('principals')
  principals(@EffectivePrincipals() principals: readonly string[]): readonly string[] {
    return principals;
  }

  @Get('claims')
  claims(@JwtClaims() claims: VerifiedClaims): VerifiedClaims {
    return claims;
  }

  @Permission('admin')
  @Get('admin')
  admin(): string {
    return 'admin';
  }
}

/** An app with no GroupFinder at all. */
@Module({ imports: [JwtAuthModule.forRoot({ secret: SECRET })], controllers: [KitController] })
class NoGroupFinderModule {}

@Injectable()
class FeatureGroupFinder extends GroupFinder {
  findGroups(): string[] {
    return ['from-feature'];
  }
}

/** An app that provides the `GroupFinder` token in a module of its own. */
@Module({ providers: [{ provide: GroupFinder, useClass: FeatureGroupFinder }] })
class FeatureModule {}

@Module({ imports: [JwtAuthModule.forRoot({ secret: SECRET }), FeatureModule], controllers: [KitController] })
class OwnTokenModule {}

/** An app configured with forRootAsync, a custom header and a clock of its own. */
@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      useFactory: async () => ({ secret: SECRET, httpHeader: 'X-Token', clock: () => 0 }),
    }),
  ],
  controllers: [KitController],
})
class AsyncModule {}

const builderFor = (module: DynamicModule | Function) =>
  Test.createTestingModule({ imports: [module as never] });

describe.each(PLATFORMS)('the testing kit (%s)', (platform) => {
  const apps: INestApplication[] = [];
  const open = async (builder: TestingModuleBuilder) => {
    const app = await createAppFrom(builder, platform);
    apps.push(app);
    return app;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  describe('overriding the GroupFinder', () => {
    it("replaces the app's own GroupFinder class with overrideProvider(AppGroupFinder)", async () => {
      const app = await open(
        builderFor(AppModule)
          .overrideProvider(AppGroupFinder)
          .useValue(new FixedGroupFinder({ dave: ['admin'] })),
      );
      const auth = JwtAuthTesting.from(app);
      await request(app.getHttpServer())
        .get('/notes/all')
        .set(await auth.bearer('dave'))
        .expect(200);
      // alice is an admin in the app's UsersService, but no longer known once it is replaced.
      const response = await request(app.getHttpServer())
        .get('/notes/all')
        .set(await auth.bearer('alice'))
        .expect(401);
      expect(response.body.code).toBe('user_unknown');
    });

    it('replaces the forRoot({ groupFinder }) class with overrideProvider(GroupFinder)', async () => {
      const app = await open(
        builderFor(AppModule)
          .overrideProvider(GroupFinder)
          .useValue(new FixedGroupFinder({ dave: ['admin'] })),
      );
      await request(app.getHttpServer())
        .get('/notes/all')
        .set(await JwtAuthTesting.from(app).bearer('dave'))
        .expect(200);
    });

    it('gives groups to an app that has no GroupFinder, with overrideProvider(GroupFinder)', async () => {
      const app = await open(
        builderFor(NoGroupFinderModule)
          .overrideProvider(GroupFinder)
          .useValue(new FixedGroupFinder({ dave: ['admin'] })),
      );
      await request(app.getHttpServer())
        .get('/admin')
        .set(await JwtAuthTesting.from(app).bearer('dave'))
        .expect(200);
    });

    it('replaces a GroupFinder the app provides in a module of its own', async () => {
      const app = await open(
        builderFor(OwnTokenModule)
          .overrideProvider(GroupFinder)
          .useValue(new FixedGroupFinder({ dave: ['fixed'] })),
      );
      const response = await request(app.getHttpServer())
        .get('/principals')
        .set(await JwtAuthTesting.from(app).bearer('dave'))
        .expect(200);
      expect(response.body).toContain('fixed');
      expect(response.body).not.toContain('from-feature');
    });

    it('still finds a GroupFinder the app provides in a module of its own, when nothing replaces it', async () => {
      const app = await open(builderFor(OwnTokenModule));
      const response = await request(app.getHttpServer())
        .get('/principals')
        .set(await JwtAuthTesting.from(app).bearer('dave'))
        .expect(200);
      expect(response.body).toContain('from-feature');
    });

    it('records the groups given with a token in the FixedGroupFinder', async () => {
      const app = await open(JwtAuthTesting.override(builderFor(NoGroupFinderModule), { groups: {} }));
      const auth = JwtAuthTesting.from(app);
      await request(app.getHttpServer())
        .get('/admin')
        .set(await auth.bearer('erin', { groups: ['admin'] }))
        .expect(200);
      expect(auth.groupFinder.findGroups('erin')).toEqual(['admin']);
    });

    it('says how to install the FixedGroupFinder when a token is asked with groups but none is', async () => {
      const app = await open(JwtAuthTesting.override(builderFor(NoGroupFinderModule)));
      await expect(JwtAuthTesting.from(app).token('erin', { groups: ['admin'] })).rejects.toThrow(
        /JwtAuthTesting\.override\(Test\.createTestingModule\(\.\.\.\), \{ groups: \{\} \}\)/,
      );
    });
  });

  describe('the clock', () => {
    it("replaces the app's own clock option, also under forRootAsync", async () => {
      const clock = new TestClock(new Date('2030-01-01T00:00:00Z'));
      const app = await open(JwtAuthTesting.override(builderFor(AsyncModule), { clock }));
      const auth = JwtAuthTesting.from(app);
      expect(auth.clock).toBe(clock);
      const response = await request(app.getHttpServer())
        .get('/claims')
        .set(await auth.bearer('dave'))
        .expect(200);
      expect(response.body.iat).toBe(Date.UTC(2030, 0, 1) / 1000);
    });

    it('expires a token when the clock passes its exp, and not a second before', async () => {
      const app = await open(JwtAuthTesting.override(builderFor(NoGroupFinderModule)));
      const auth = JwtAuthTesting.from(app);
      const headers = await auth.bearer('dave', { expiration: 120 });
      auth.clock.advance(119);
      await request(app.getHttpServer()).get('/claims').set(headers).expect(200);
      auth.clock.advance(1);
      const response = await request(app.getHttpServer()).get('/claims').set(headers).expect(401);
      expect(response.body.code).toBe('token_expired');
    });

    it('says how to install a TestClock when the app runs on its own clock', async () => {
      const app = await open(builderFor(NoGroupFinderModule));
      expect(() => JwtAuthTesting.from(app).clock).toThrow(/JwtAuthTesting\.override/);
    });
  });

  describe('tokens', () => {
    it("mints claims and lifetime with the app's keys, without any override", async () => {
      const app = await open(builderFor(NoGroupFinderModule));
      const response = await request(app.getHttpServer())
        .get('/claims')
        .set(await JwtAuthTesting.from(app).bearer('dave', { claims: { name: 'Dave' }, expiration: 90 }))
        .expect(200);
      expect(response.body).toMatchObject({ sub: 'dave', name: 'Dave' });
      expect(response.body.exp - response.body.iat).toBe(90);
    });

    it('sets the token in the header the app reads it from', async () => {
      const app = await open(JwtAuthTesting.override(builderFor(AsyncModule)));
      const headers = await JwtAuthTesting.from(app).bearer('dave');
      expect(Object.keys(headers)).toEqual(['x-token']);
      await request(app.getHttpServer()).get('/claims').set(headers).expect(200);
    });
  });
});
