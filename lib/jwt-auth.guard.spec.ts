import { HttpException, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authenticated } from './jwt-auth.constants';
import { JwtAuthGuard } from './jwt-auth.guard';
import { resolveJwtAuthOptions, type JwtAuthOptions } from './jwt-auth.options';
import { Permission } from './authorization/permission.decorator';
import { GroupFinder } from './identity/group-finder';
import { PrincipalsService } from './identity/principals.service';
import { JwtTokenService } from './token/jwt-token.service';

class Routes {
  @Permission('admin')
  admin() {}

  @Permission(Authenticated)
  member() {}
}

const SECRET = 'g'.repeat(64);
const noModuleRef = { get: () => { throw new Error('none'); } } as never;

function setup(options: JwtAuthOptions = {}) {
  const resolved = resolveJwtAuthOptions({ secret: SECRET, ...options });
  const tokens = new JwtTokenService(resolved);
  const finder = new (class extends GroupFinder {
    findGroups(userId: string) {
      return userId === 'alice' ? ['admin'] : [];
    }
  })();
  const guard = new JwtAuthGuard(new Reflector(), tokens, new PrincipalsService(noModuleRef, finder), resolved);
  return { guard, tokens };
}

function contextFor(handler: keyof Routes, headers: Record<string, string> = {}) {
  const request: Record<string | symbol, any> = { headers };
  const context = {
    getType: () => 'http',
    getClass: () => Routes,
    getHandler: () => Routes.prototype[handler],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('JwtAuthGuard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sets the identity on the request for code that does not use the decorators', async () => {
    const { guard, tokens } = setup();
    const { context, request } = contextFor('member', { authorization: `Bearer ${await tokens.createToken('bob')}` });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request).toMatchObject({ authenticatedUserId: 'bob', jwtClaims: { sub: 'bob' } });
    expect(request.effectivePrincipals).toContain(Authenticated);
  });

  it('throws the 403 exception for an authenticated user without the permission', async () => {
    const { guard, tokens } = setup();
    const { context } = contextFor('admin', { authorization: `Bearer ${await tokens.createToken('bob')}` });
    const error = await guard.canActivate(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(403);
  });

  it('logs why a token was refused and why a permission was denied when debug is on', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { guard } = setup({ debug: true });
    const { context } = contextFor('admin', { authorization: 'Bearer a.b.c' });
    await guard.canActivate(context).catch(() => undefined);
    const messages = log.mock.calls.map(([message]) => String(message));
    expect(messages).toContain('token refused: malformed');
    expect(messages.some((m) => m.startsWith('admin denied to ["system.Everyone"]: token_invalid'))).toBe(true);
  });

  it('logs nothing when debug is off', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { guard } = setup();
    await guard.canActivate(contextFor('admin', { authorization: 'Bearer a.b.c' }).context).catch(() => undefined);
    expect(log).not.toHaveBeenCalled();
  });

  it('lets a subclass take the token from elsewhere by overriding extractToken', async () => {
    const { tokens } = setup();
    const resolved = resolveJwtAuthOptions({ secret: SECRET });
    class QueryTokenGuard extends JwtAuthGuard {
      protected override extractToken(request: any): string | undefined {
        return request.query?.access_token;
      }
    }
    const guard = new QueryTokenGuard(new Reflector(), tokens, new PrincipalsService(noModuleRef), resolved);
    const { context, request } = contextFor('member');
    request.query = { access_token: await tokens.createToken('bob') };
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });
});
