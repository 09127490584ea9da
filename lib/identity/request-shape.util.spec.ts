import { Controller, Get, Module, Req } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Everyone } from '../jwt-auth.constants';
import type { RequestIdentity } from './identity.interface';
import { getRequestIdentity, REQUEST_IDENTITY_KEYS, setRequestIdentity } from './request-identity.store';
import { prepareRequests } from './request-shape.util';

const bob: RequestIdentity = {
  userId: 'bob',
  principals: [Everyone, 'user:bob'],
  claims: { sub: 'bob' },
  anonymousReason: undefined,
};

@Controller()
class ShapeController {
  /** The request's own keys before and after the identity is kept on it. */
  @Get('shape')
  shape(@Req() request: FastifyRequest): { before: (string | symbol)[]; after: (string | symbol)[] } {
    const before = Reflect.ownKeys(request);
    setRequestIdentity(request, bob);
    return { before, after: Reflect.ownKeys(request) };
  }
}

@Module({ controllers: [ShapeController] })
class ShapeModule {}

describe('prepareRequests on Fastify', () => {
  let app: NestFastifyApplication;

  beforeEach(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ShapeModule, new FastifyAdapter(), {
      logger: false,
    });
  });

  afterEach(() => app.close());

  const adapter = () => app.get(HttpAdapterHost).httpAdapter;

  it('builds every request with the identity keys, so keeping the identity adds no property', async () => {
    prepareRequests(adapter());
    await app.listen(0, '127.0.0.1');
    const fastify = adapter().getInstance<FastifyInstance>();
    const response = await fetch(`${await app.getUrl()}/shape`);
    const { before, after } = (await response.json()) as { before: string[]; after: string[] };
    // JSON drops the symbol: the string keys are compared, and the symbol checked through the store.
    expect(before).toEqual(
      expect.arrayContaining(['jwtClaims', 'authenticatedUserId', 'effectivePrincipals']),
    );
    expect(after).toEqual(before);
    expect(REQUEST_IDENTITY_KEYS.every((key) => fastify.hasRequestDecorator(key))).toBe(true);
  });

  it('leaves a request without an identity reading as one the guard has not seen', async () => {
    prepareRequests(adapter());
    const fastify = adapter().getInstance<FastifyInstance>();
    let seen: { identity: unknown; userId: unknown } | undefined;
    fastify.addHook('onRequest', (request, _reply, done) => {
      seen = {
        identity: getRequestIdentity(request),
        userId: (request as { authenticatedUserId?: unknown }).authenticatedUserId,
      };
      done();
    });
    await app.listen(0, '127.0.0.1');
    await fetch(`${await app.getUrl()}/shape`);
    expect(seen).toEqual({ identity: undefined, userId: undefined });
  });

  it('keeps a decorator of the same name the application declared, and declares the others', async () => {
    const fastify = adapter().getInstance<FastifyInstance>();
    fastify.decorateRequest('authenticatedUserId', undefined);
    expect(() => prepareRequests(adapter())).not.toThrow();
    expect(fastify.hasRequestDecorator('jwtClaims')).toBe(true);
  });

  it('does nothing on an instance that is listening already: the guard adds the properties per request', async () => {
    await app.listen(0, '127.0.0.1');
    const fastify = adapter().getInstance<FastifyInstance>();
    expect(() => prepareRequests(adapter())).not.toThrow();
    expect(fastify.hasRequestDecorator('jwtClaims')).toBe(false);
  });
});
