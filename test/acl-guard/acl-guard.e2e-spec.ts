import { Logger, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { JwtAuthModule, JwtTokenService, type Acl } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { ROOT_ACL, SECRET, thingsApp } from './app.module';

const platforms = [
  ['Express', () => undefined],
  ['Fastify', () => new FastifyAdapter()],
] as const;

describe.each(platforms)('the guard with ACLs over %s', (_, adapter) => {
  let app: INestApplication;
  let tokens: Record<string, string>;

  async function start(options: { acl?: Acl; debug?: boolean }): Promise<void> {
    const moduleRef = await Test.createTestingModule({ imports: [thingsApp(options)] }).compile();
    const platform = adapter();
    app = platform ? moduleRef.createNestApplication(platform) : moduleRef.createNestApplication();
    await app.init();
    if (platform) await app.getHttpAdapter().getInstance().ready();
    const tokenService = app.get(JwtTokenService);
    tokens = {};
    for (const user of ['alice', 'bob', 'tess', 'admin'])
      tokens[user] = `Bearer ${await tokenService.createToken(user)}`;
  }

  const get = (path: string, user?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return user ? call.set('Authorization', tokens[user]) : call;
  };

  afterEach(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  describe('with a root ACL', () => {
    beforeEach(() => start({ acl: ROOT_ACL }));

    it('grants through the root ACL a permission it gives to a group', async () => {
      await get('/admin', 'alice').expect(200);
    });

    it('refuses with 403 a permission named like no ACE, even to a principal of that name', async () => {
      await get('/admin', 'bob').expect(403);
    });

    it("never reads a user id as the group of the same name in the root ACL's entries", async () => {
      await get('/admin', 'admin').expect(403);
      await get('/things/team', 'admin').expect(403);
    });

    it('keeps @Public() routes open, whatever the root ACL says', async () => {
      await get('/public').expect(200);
    });

    it('keeps routes without @Permission open to any logged-in user, whatever the root ACL says', async () => {
      expect((await get('/me', 'bob').expect(200)).body).toEqual({ userId: 'bob' });
    });

    it("lets an anonymous request through when the resource's ACL grants Everyone", async () => {
      await get('/things/open').expect(200);
    });

    it("grants what a parent resource's ACL gives", async () => {
      await get('/things/team', 'tess').expect(200);
    });

    it('answers 401 to an anonymous request the ACLs refuse', async () => {
      await get('/things/team').expect(401);
    });

    it('answers 403 to an authenticated request the ACLs refuse', async () => {
      await get('/things/team', 'bob').expect(403);
    });

    it('hands the handler the loaded resource, also set on the request', async () => {
      expect((await get('/things/team', 'tess').expect(200)).body).toEqual({ id: 'team', onRequest: true });
    });

    it('answers 404 when the loader finds nothing, before deciding', async () => {
      await get('/things/nothing').expect(404);
    });

    it('lets an error thrown by the loader through unchanged', async () => {
      const response = await get('/things/gone', 'alice').expect(410);
      expect(response.body.message).toBe('This thing was removed');
    });

    it('loads the resource once when the guard runs twice', async () => {
      expect((await get('/guarded-twice/team', 'tess').expect(200)).body).toEqual({ loads: 1 });
    });
  });

  describe('without a root ACL', () => {
    beforeEach(() => start({}));

    it('grants a permission to the group of the same name, as before ACLs', async () => {
      await get('/admin', 'alice').expect(200);
    });

    it('refuses a permission to a user without the group of that name', async () => {
      await get('/admin', 'bob').expect(403);
    });

    it("decides a resource route by the resource's ACLs alone", async () => {
      await get('/things/team', 'alice').expect(403);
    });
  });

  describe('with several permissions, any one of which lets the caller in', () => {
    it("opens a resource route to a user the resource's ACL grants the second permission", async () => {
      await start({ acl: ROOT_ACL });
      const response = await get('/things/reviewed/either', 'bob').expect(200);
      // One load for the request, however many permissions are checked on the resource.
      expect(response.body).toEqual({ id: 'reviewed', loads: 1 });
    });

    it('opens it to a user the root ACL grants everything', async () => {
      await start({ acl: ROOT_ACL });
      await get('/things/reviewed/either', 'alice').expect(200);
    });

    it('refuses with 403 a user granted neither', async () => {
      await start({ acl: ROOT_ACL });
      const response = await get('/things/reviewed/either', 'tess').expect(403);
      expect(response.body.code).toBe('permission_denied');
    });

    it('answers 401 to an anonymous request', async () => {
      await start({ acl: ROOT_ACL });
      await get('/things/reviewed/either').expect(401);
    });

    it('without an ACL, lets in a member of any of the groups named', async () => {
      await start({});
      await get('/staff', 'alice').expect(200);
      await get('/staff', 'tess').expect(200);
      await get('/staff', 'bob').expect(403);
    });

    it('names the route and every permission in the debug log of a refusal', async () => {
      const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      await start({ acl: ROOT_ACL, debug: true });
      await get('/things/reviewed/either?x=1', 'tess').expect(403);
      expect(log).toHaveBeenCalledWith(
        `ThingsController.editOrReview (GET /things/reviewed/either): edit or review denied to ["system.Everyone","system.Authenticated","user:tess","team"]: permission_denied`,
      );
    });
  });

  it('logs each decision with its ACE, ACL, resource and principals when debug is on', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await start({ acl: ROOT_ACL, debug: true });
    await get('/things/team', 'bob').expect(403);
    expect(log).toHaveBeenCalledWith(
      "AclDenied permission 'read' via ACE ['Deny', 'system.Everyone', ALL_PERMISSIONS] " +
        "in ACL [['Allow', 'admin', ALL_PERMISSIONS], ['Deny', 'system.Everyone', ALL_PERMISSIONS]] " +
        'on context <root> ' +
        "for principals ['system.Everyone', 'system.Authenticated', 'user:bob'], checking <Thing 'team'>",
    );
  });
});

describe('the acl option given to forRootAsync', () => {
  it('stops the application at start-up when an entry is malformed', async () => {
    const moduleRef = Test.createTestingModule({
      imports: [
        JwtAuthModule.forRootAsync({
          useFactory: () => ({ secret: SECRET, acl: [['Allow', 'admin']] as never }),
        }),
      ],
    });
    await expect(moduleRef.compile()).rejects.toThrow(
      'JwtAuthModule: "acl[0]" must be an array [Allow | Deny',
    );
  });
});
