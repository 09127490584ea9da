import { VersioningType, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { createAppFrom, PLATFORMS, type Platform } from '../support/platforms';
import { OpenApiAppModule, PlainAppModule } from './app.module';
import { NotesController } from './notes.controller';

const REFUSAL = { $ref: '#/components/schemas/JwtAuthRefusal' };

const start = (module: unknown, platform: Platform) =>
  createAppFrom(Test.createTestingModule({ imports: [module as never] }), platform, (app) =>
    app.enableVersioning({ type: VersioningType.URI }),
  );

const config = () => new DocumentBuilder().setTitle('Notes').build();

describe.each(PLATFORMS)('the OpenAPI document (%s)', (platform) => {
  let app: INestApplication;
  afterEach(() => app?.close());

  describe('of an app with the global guard', () => {
    let document: OpenAPIObject;
    beforeEach(async () => {
      app = await start(OpenApiAppModule.with(), platform);
      document = SwaggerModule.createDocument(app, config());
    });

    it('declares the bearer security scheme', () => {
      expect(document.components?.securitySchemes).toEqual({
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      });
    });

    it('requires the bearer token on a guarded route, and answers 401 and 403 with the refusal body', () => {
      const list = document.paths['/notes'].get!;
      expect(list.security).toEqual([{ bearer: [] }]);
      expect(list.responses['401']).toMatchObject({ content: { 'application/json': { schema: REFUSAL } } });
      expect(list.responses['403']).toMatchObject({ content: { 'application/json': { schema: REFUSAL } } });
      expect(list.responses['401']).toHaveProperty(['headers', 'WWW-Authenticate']);
    });

    it("keeps the route's own success response", () => {
      expect(document.paths['/notes'].get!.responses['200']).toBeDefined();
      expect(document.paths['/notes'].post!.responses['201']).toBeDefined();
    });

    it('requires nothing on a @Public() route and gives it no 401 or 403', () => {
      const open = document.paths['/notes/public'].get!;
      expect(open.security).toBeUndefined();
      expect(Object.keys(open.responses)).toEqual(['200']);
    });

    it('describes every guarded route, whatever its method or path (parameters, versions)', () => {
      for (const operation of [
        document.paths['/notes'].post!,
        document.paths['/notes/{id}'].delete!,
        document.paths['/v2/notes/versioned'].get!,
      ]) {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation.responses['401']).toBeDefined();
      }
    });

    it('keeps what the application documented itself: its security, responses and extensions', () => {
      const documented = document.paths['/notes/documented'].get!;
      expect(documented.security).toEqual([{ 'partner-token': [] }]);
      expect(documented.responses['200']).toMatchObject({
        description: 'Documented by the application itself.',
      });
      expect(documented).toHaveProperty('x-owner', 'notes-team');
      expect(document.paths['/notes/{id}'].delete!.responses['403']).toEqual({
        description: 'Only the author or an admin may delete a note.',
      });
    });

    it('leaves no trace of how operations were matched to routes', () => {
      expect(JSON.stringify(document)).not.toContain('x-nestjs-jwt-permissions');
      expect(Reflect.getMetadata('swagger/apiExtension', NotesController.prototype.list)).toBeUndefined();
      expect(Reflect.getMetadata('swagger/apiExtension', NotesController.prototype.documented)).toEqual({
        'x-owner': 'notes-team',
      });
    });

    it('describes the refusal body the guard actually sends', async () => {
      const schema = document.components!.schemas!.JwtAuthRefusal as {
        required: string[];
        properties: Record<string, any>;
      };
      const bob = await app.get(JwtTokenService).createToken('bob');
      const refusals = [
        (await request(app.getHttpServer()).get('/notes').expect(401)).body,
        (await request(app.getHttpServer()).post('/notes').set('Authorization', `Bearer ${bob}`).expect(403))
          .body,
      ];
      for (const body of refusals) {
        expect(Object.keys(body).sort()).toEqual([...schema.required].sort());
        expect(schema.properties.code.enum).toContain(body.code);
        expect(typeof body.statusCode).toBe('number');
      }
    });

    it('is the same when built twice', () => {
      expect(SwaggerModule.createDocument(app, config())).toEqual(document);
    });
  });

  it('lifts a document-wide security requirement on @Public() routes', async () => {
    app = await start(OpenApiAppModule.with(), platform);
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().addSecurityRequirements('bearer').build(),
    );
    expect(document.paths['/notes/public'].get!.security).toEqual([]);
    expect(document.paths['/notes'].get!.security).toEqual([{ bearer: [] }]);
  });

  it('keeps a security scheme of the same name that the application declared', async () => {
    app = await start(OpenApiAppModule.with(), platform);
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ours' }).build(),
    );
    expect(document.components!.securitySchemes!.bearer).toMatchObject({ description: 'ours' });
  });

  it('declares the cookie and CSRF schemes in cookie mode, the CSRF header on unsafe methods only', async () => {
    app = await start(OpenApiAppModule.with({ cookie: { name: 'session' } }), platform);
    const document = SwaggerModule.createDocument(app, config());
    expect(document.components!.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      cookie: { type: 'apiKey', in: 'cookie', name: 'session' },
      csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
    });
    expect(document.paths['/notes'].get!.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(document.paths['/notes'].post!.security).toEqual([{ bearer: [] }, { cookie: [], csrf: [] }]);
    expect(document.paths['/notes'].post!.responses['403']).toMatchObject({
      description: expect.stringContaining('csrf_missing'),
    });
  });

  it('with dpop, declares the DPoP scheme and accepts either scheme on a guarded route', async () => {
    app = await start(OpenApiAppModule.with({ dpop: { algorithms: ['ES256'] } }), platform);
    const document = SwaggerModule.createDocument(app, config());
    expect(document.components!.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      dpop: { type: 'http', scheme: 'DPoP', description: expect.stringContaining('ES256') },
    });
    expect(document.paths['/notes'].get!.security).toEqual([{ bearer: [] }, { dpop: [] }]);
    expect(document.paths['/notes'].post!.security).toEqual([{ bearer: [] }, { dpop: [] }]);
    expect(document.paths['/notes/public'].get!.security).toBeUndefined();
    expect(document.paths['/notes'].get!.responses['401']).toMatchObject({
      description: expect.stringContaining('dpop_proof_invalid'),
    });
    // What the document promises is what the guard answers: both challenges on a 401.
    const refused = await request(app.getHttpServer()).get('/notes').expect(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="api", DPoP realm="api", algs="ES256"');
  });

  it('names the custom header that carries the token', async () => {
    app = await start(OpenApiAppModule.with({ httpHeader: 'X-Token' }), platform);
    const document = SwaggerModule.createDocument(app, config());
    expect(document.components!.securitySchemes).toEqual({
      jwt: { type: 'apiKey', in: 'header', name: 'x-token' },
    });
    expect(document.paths['/notes'].get!.security).toEqual([{ jwt: [] }]);
  });

  it('without the global guard, describes only the routes under @UseGuards(JwtAuthGuard)', async () => {
    app = await start(OpenApiAppModule.with({ globalGuard: false }), platform);
    const document = SwaggerModule.createDocument(app, config());
    expect(document.paths['/local/guarded'].get!.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/local/free'].get!.security).toBeUndefined();
    expect(document.paths['/local/free'].get!.responses['401']).toBeUndefined();
  });

  it('leaves the document of an app without JwtAuthModule as it is', async () => {
    app = await start(PlainAppModule, platform);
    const document = SwaggerModule.createDocument(app, config());
    expect(document.components).toEqual({ schemas: {} });
    expect(document.paths['/notes'].get!.security).toBeUndefined();
  });
});
