import { HttpException, Injectable, Logger, type ExecutionContext, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Authenticated } from './jwt-auth.constants';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtAuthModule } from './jwt-auth.module';
import type { JwtAuthOptions } from './jwt-auth.options';
import { Permission } from './authorization/permission.decorator';
import { GroupFinder } from './identity/group-finder';
import { JwtTokenService } from './token/jwt-token.service';

class Routes {
  @Permission('admin')
  admin() {}

  @Permission(Authenticated)
  member() {}
}

const SECRET = 'g'.repeat(64);

@Injectable()
class AdminAliceGroupFinder extends GroupFinder {
  findGroups(userId: string) {
    return userId === 'alice' ? ['admin'] : [];
  }
}

/** The guard as the module wires it, so the spec follows its constructor wherever it goes. */
async function setup(options: JwtAuthOptions = {}, guardClass: Type<JwtAuthGuard> = JwtAuthGuard) {
  const moduleRef = await Test.createTestingModule({
    imports: [JwtAuthModule.forRoot({ secret: SECRET, groupFinder: AdminAliceGroupFinder, globalGuard: false, ...options })],
    providers: [guardClass],
  }).compile();
  await moduleRef.init();
  return { guard: moduleRef.get(guardClass), tokens: moduleRef.get(JwtTokenService) };
}

function contextFor(handler: keyof Routes, headers: Record<string, string> = {}) {
  const request: Record<string | symbol, any> = { headers };
  const context = {
    getType: () => 'http',
    getClass: () => Routes,
    getHandler: () => Routes.prototype[handler],
    getArgByIndex: (index: number) => [request, {}][index],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('JwtAuthGuard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sets the identity on the request for code that does not use the decorators', async () => {
    const { guard, tokens } = await setup();
    const { context, request } = contextFor('member', { authorization: `Bearer ${await tokens.createToken('bob')}` });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request).toMatchObject({ authenticatedUserId: 'bob', jwtClaims: { sub: 'bob' } });
    expect(request.effectivePrincipals).toContain(Authenticated);
  });

  it('throws the 403 exception for an authenticated user without the permission', async () => {
    const { guard, tokens } = await setup();
    const { context } = contextFor('admin', { authorization: `Bearer ${await tokens.createToken('bob')}` });
    const error = await guard.canActivate(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(403);
  });

  it('logs why a token was refused and why a permission was denied when debug is on', async () => {
    const { guard } = await setup({ debug: true });
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { context } = contextFor('admin', { authorization: 'Bearer a.b.c' });
    await guard.canActivate(context).catch(() => undefined);
    const messages = log.mock.calls.map(([message]) => String(message));
    expect(messages).toContain('token refused: malformed');
    expect(messages.some((m) => m.startsWith('admin denied to ["system.Everyone"]: token_invalid'))).toBe(true);
  });

  it('logs nothing when debug is off', async () => {
    const { guard } = await setup();
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await guard.canActivate(contextFor('admin', { authorization: 'Bearer a.b.c' }).context).catch(() => undefined);
    expect(log).not.toHaveBeenCalled();
  });

  it('lets a subclass take the token from elsewhere by overriding extractToken', async () => {
    @Injectable()
    class QueryTokenGuard extends JwtAuthGuard {
      protected override extractToken(request: any): string | undefined {
        return request.query?.access_token;
      }
    }
    const { guard, tokens } = await setup({}, QueryTokenGuard);
    const { context, request } = contextFor('member');
    request.query = { access_token: await tokens.createToken('bob') };
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });
});

describe('JwtAuthGuard credentials in cookie mode', () => {
  @Injectable()
  class CredentialsProbe extends JwtAuthGuard {
    credentialsOf(request: object, type: string) {
      return this.extractCredentials(request, { getType: () => type } as unknown as ExecutionContext);
    }
  }

  const withCookie = { headers: { cookie: 'Authorization=a.b.c' } };

  it('reads the token cookie of an HTTP request', async () => {
    const { guard } = await setup({ cookie: { secure: false } }, CredentialsProbe);
    expect((guard as CredentialsProbe).credentialsOf(withCookie, 'http')).toEqual({ token: 'a.b.c', source: 'cookie' });
  });

  it('reads it under GraphQL too, which runs over HTTP', async () => {
    const { guard } = await setup({ cookie: { secure: false } }, CredentialsProbe);
    expect((guard as CredentialsProbe).credentialsOf(withCookie, 'graphql')).toEqual({ token: 'a.b.c', source: 'cookie' });
  });

  it('never reads it on a WebSocket handshake, which browsers send cross-site with cookies', async () => {
    const { guard } = await setup({ cookie: { secure: false } }, CredentialsProbe);
    const client = { handshake: { headers: withCookie.headers, auth: {}, query: {} } };
    expect((guard as CredentialsProbe).credentialsOf(client, 'ws')).toBe('token_missing');
  });
});
