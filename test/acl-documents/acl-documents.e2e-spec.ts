import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { AclDocumentsAppModule, MissingLoaderAppModule } from './app.module';

const platforms = [
  ['Express', () => undefined],
  ['Fastify', () => new FastifyAdapter()],
] as const;

describe.each(platforms)('documents guarded by ACLs over %s', (_, adapter) => {
  let app: INestApplication;
  let tokens: Record<'alice' | 'bob' | 'carol' | 'dave', string>;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AclDocumentsAppModule] }).compile();
    const platform = adapter();
    app = platform ? moduleRef.createNestApplication(platform) : moduleRef.createNestApplication();
    await app.init();
    if (platform) await app.getHttpAdapter().getInstance().ready();
    const tokenService = app.get(JwtTokenService);
    const token = (user: string) => tokenService.createToken(user).then((t) => `Bearer ${t}`);
    tokens = {
      alice: await token('alice'),
      bob: await token('bob'),
      carol: await token('carol'),
      dave: await token('dave'),
    };
  });

  afterEach(() => app.close());

  const server = () => app.getHttpServer();

  describe('GET /documents/:id', () => {
    it('answers 401 with a Bearer challenge to an anonymous request', async () => {
      const response = await request(server()).get('/documents/1').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    });

    it('answers 401 invalid_token to a disabled user', async () => {
      const response = await request(server())
        .get('/documents/1')
        .set('Authorization', tokens.carol)
        .expect(401);
      expect(response.body.code).toBe('user_unknown');
    });

    it('shows any authenticated user a document they do not own', async () => {
      const response = await request(server())
        .get('/documents/1')
        .set('Authorization', tokens.bob)
        .expect(200);
      expect(response.body).toEqual({
        id: '1',
        ownerId: 'alice',
        title: 'Roadmap',
        body: 'What we build next.',
      });
    });

    it('answers 404 for a document that does not exist', async () => {
      await request(server()).get('/documents/404').set('Authorization', tokens.bob).expect(404);
    });
  });

  describe('PUT /documents/:id', () => {
    it('lets the owner edit their document', async () => {
      const response = await request(server())
        .put('/documents/2')
        .set('Authorization', tokens.bob)
        .send({ title: "Bob's notes" })
        .expect(200);
      expect(response.body.title).toBe("Bob's notes");
    });

    it('lets a member of editors edit a document they do not own', async () => {
      await request(server())
        .put('/documents/1')
        .set('Authorization', tokens.dave)
        .send({ body: 'Edited.' })
        .expect(200);
      const response = await request(server())
        .get('/documents/1')
        .set('Authorization', tokens.bob)
        .expect(200);
      expect(response.body.body).toBe('Edited.');
    });

    it('refuses with 403 a user who is neither the owner nor an editor', async () => {
      const response = await request(server())
        .put('/documents/1')
        .set('Authorization', tokens.bob)
        .send({ body: 'x' })
        .expect(403);
      expect(response.body.code).toBe('permission_denied');
      expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    });

    it('refuses an admin who does not own the document, as the document ACL denies everyone else', async () => {
      await request(server())
        .put('/documents/2')
        .set('Authorization', tokens.alice)
        .send({ body: 'x' })
        .expect(403);
    });

    it('answers 401 to an anonymous request', async () => {
      await request(server()).put('/documents/1').send({ body: 'x' }).expect(401);
    });

    it('answers 400 to a body that is not a document change', async () => {
      await request(server())
        .put('/documents/1')
        .set('Authorization', tokens.alice)
        .send({ title: 3 })
        .expect(400);
    });
  });

  describe('DELETE /documents/:id', () => {
    it('lets an admin delete a document, which is then gone', async () => {
      await request(server()).delete('/documents/2').set('Authorization', tokens.alice).expect(204);
      await request(server()).get('/documents/2').set('Authorization', tokens.alice).expect(404);
    });

    it('refuses with 403 the owner who is not an admin', async () => {
      await request(server()).delete('/documents/2').set('Authorization', tokens.bob).expect(403);
    });

    it('answers 401 to an anonymous request', async () => {
      await request(server()).delete('/documents/2').expect(401);
    });
  });

  describe('AclService in handlers', () => {
    it('lists each document with the actions the caller may take on it', async () => {
      const response = await request(server()).get('/documents').set('Authorization', tokens.bob).expect(200);
      expect(response.body.map((d: { id: string; actions: string[] }) => [d.id, d.actions])).toEqual([
        ['1', []],
        ['2', ['edit']],
      ]);
    });

    it('shows an admin the delete action on every document', async () => {
      const response = await request(server())
        .get('/documents')
        .set('Authorization', tokens.alice)
        .expect(200);
      expect(response.body.map((d: { actions: string[] }) => d.actions)).toEqual([
        ['edit', 'delete'],
        ['delete'],
      ]);
    });

    it('names who may edit a document: its owner and the editors group', async () => {
      const response = await request(server())
        .get('/documents/2/editors')
        .set('Authorization', tokens.bob)
        .expect(200);
      expect(response.body).toEqual(['user:bob', 'editors']);
    });
  });
});

describe('a resource loader that is not a provider', () => {
  it('stops the application at start-up, naming the loader and the route', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MissingLoaderAppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      /cannot use DocumentResource, the resource loader of DocumentsController\.\w+\(\)/,
    );
    await app.close();
  });
});
