import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  type ExecutionContext,
  type Provider,
  type Type,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Authenticated } from './jwt-auth.constants';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtAuthModule } from './jwt-auth.module';
import type { JwtAuthModuleOptions } from './jwt-auth.options';
import { Permission } from './authorization/permission.decorator';
import { GroupFinder } from './identity/group-finder.interface';
import type { VerifiedClaims } from './identity/identity.interface';
import type { CallRequest } from './credentials/call-request.interface';
import { JwtTokenError } from './token/jwt-token.errors';
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
async function setup(
  options: Partial<JwtAuthModuleOptions> = {},
  guardClass: Type<JwtAuthGuard> = JwtAuthGuard,
  providers: Provider[] = [],
) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      JwtAuthModule.forRoot({
        secret: SECRET,
        groupFinder: AdminAliceGroupFinder,
        globalGuard: false,
        ...options,
      }),
    ],
    providers: [guardClass, ...providers],
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

/** canActivate() as Nest calls it, from an async function: a refusal thrown at once becomes a rejection. */
async function activate(guard: JwtAuthGuard, context: ExecutionContext): Promise<boolean> {
  return guard.canActivate(context);
}

describe('JwtAuthGuard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sets the identity on the request for code that does not use the decorators', async () => {
    const { guard, tokens } = await setup();
    const { context, request } = contextFor('member', {
      authorization: `Bearer ${await tokens.createToken('bob')}`,
    });
    await expect(activate(guard, context)).resolves.toBe(true);
    expect(request).toMatchObject({ authenticatedUserId: 'bob', jwtClaims: { sub: 'bob' } });
    expect(request.effectivePrincipals).toContain(Authenticated);
  });

  it('throws the 403 exception for an authenticated user without the permission', async () => {
    const { guard, tokens } = await setup();
    const { context } = contextFor('admin', { authorization: `Bearer ${await tokens.createToken('bob')}` });
    const error = await activate(guard, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(403);
  });

  it('logs why a token was refused and why a permission was denied when debug is on', async () => {
    const { guard } = await setup({ debug: true });
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { context } = contextFor('admin', { authorization: 'Bearer a.b.c' });
    await activate(guard, context).catch(() => undefined);
    const messages = log.mock.calls.map(([message]) => String(message));
    expect(messages).toContain('token refused: malformed');
    expect(messages).toContain('Routes.admin: admin denied to ["system.Everyone"]: token_invalid');
  });

  it('logs nothing when debug is off', async () => {
    const { guard } = await setup();
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await activate(guard, contextFor('admin', { authorization: 'Bearer a.b.c' }).context).catch(
      () => undefined,
    );
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
    await expect(activate(guard, context)).resolves.toBe(true);
  });
});

describe('JwtAuthGuard answering without a promise', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers true at once, not as a promise, when nothing has to be waited for', async () => {
    const { guard, tokens } = await setup();
    const token = await tokens.createToken('alice');
    // The first request verifies the token (synchronously too, with a configured key); the second hits the cache.
    for (let i = 0; i < 2; i++) {
      const { context, request } = contextFor('admin', { authorization: `Bearer ${token}` });
      expect(guard.canActivate(context)).toBe(true);
      expect(request.authenticatedUserId).toBe('alice');
    }
  });

  it('throws the refusal at once in that case, as Nest accepts', async () => {
    const { guard, tokens } = await setup();
    const { context } = contextFor('admin', { authorization: `Bearer ${await tokens.createToken('bob')}` });
    expect(() => guard.canActivate(context)).toThrow(HttpException);
  });

  it('answers with a promise when the GroupFinder does', async () => {
    @Injectable()
    class AsyncGroupFinder extends GroupFinder {
      async findGroups(userId: string) {
        return userId === 'alice' ? ['admin'] : [];
      }
    }
    const { guard, tokens } = await setup({ groupFinder: AsyncGroupFinder });
    const allowed = guard.canActivate(
      contextFor('admin', { authorization: `Bearer ${await tokens.createToken('alice')}` }).context,
    );
    expect(allowed).toBeInstanceOf(Promise);
    await expect(allowed).resolves.toBe(true);
    const refused = guard.canActivate(
      contextFor('admin', { authorization: `Bearer ${await tokens.createToken('bob')}` }).context,
    );
    expect(refused).toBeInstanceOf(Promise);
    await expect(refused).rejects.toBeInstanceOf(HttpException);
  });

  it('shares one GroupFinder lookup between guard runs that overlap on a request', async () => {
    const calls: string[] = [];
    @Injectable()
    class CountingGroupFinder extends GroupFinder {
      async findGroups(userId: string) {
        calls.push(userId);
        return ['admin'];
      }
    }
    const { guard, tokens } = await setup({ groupFinder: CountingGroupFinder });
    const { context, request } = contextFor('admin', {
      authorization: `Bearer ${await tokens.createToken('alice')}`,
    });
    const runs = [guard.canActivate(context), guard.canActivate(context), guard.canActivate(context)];
    await expect(Promise.all(runs.map(async (run) => run))).resolves.toEqual([true, true, true]);
    expect(calls).toEqual(['alice']);
    expect(request.authenticatedUserId).toBe('alice');
    // Resolved and kept: a later run on the request does not ask again, nor wait.
    expect(guard.canActivate(context)).toBe(true);
    expect(calls).toEqual(['alice']);
  });

  it('refuses every overlapping run with 500 when the shared lookup fails, and lets the next request try again', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    let failures = 1;
    let calls = 0;
    @Injectable()
    class FlakyGroupFinder extends GroupFinder {
      async findGroups() {
        calls++;
        if (failures-- > 0) throw new Error('directory unreachable');
        return ['admin'];
      }
    }
    const { guard, tokens } = await setup({ groupFinder: FlakyGroupFinder });
    const token = await tokens.createToken('alice');
    const { context } = contextFor('admin', { authorization: `Bearer ${token}` });
    const runs = await Promise.allSettled([activate(guard, context), activate(guard, context)]);
    for (const run of runs) {
      expect(run.status).toBe('rejected');
      const error = (run as PromiseRejectedResult).reason as HttpException;
      expect([error.getStatus(), (error.getResponse() as { code: string }).code]).toEqual([
        500,
        'group_finder_failed',
      ]);
    }
    expect(calls).toBe(1);
    await expect(
      activate(guard, contextFor('admin', { authorization: `Bearer ${token}` }).context),
    ).resolves.toBe(true);
    expect(calls).toBe(2);
  });

  it('works with a subclass whose steps are async and that injects its own services (the README example)', async () => {
    @Injectable()
    class SessionStore {
      async isOpen(sid: unknown) {
        return sid !== 'signed-out';
      }
    }
    @Injectable()
    class SignedInGuard extends JwtAuthGuard {
      @Inject(SessionStore) private readonly sessions!: SessionStore;

      protected override async verifyToken(token: string) {
        const claims = await super.verifyToken(token);
        if (claims instanceof JwtTokenError || (await this.sessions.isOpen(claims.sid))) return claims;
        return new JwtTokenError('claims_invalid');
      }

      protected override async getPrincipals(claims: VerifiedClaims, request: unknown) {
        const identity = await super.getPrincipals(claims, request);
        return { ...identity, principals: [...identity.principals, 'audited'] };
      }
    }
    const { guard, tokens } = await setup({}, SignedInGuard, [SessionStore]);
    const alice = contextFor('member', {
      authorization: `Bearer ${await tokens.createToken('alice', { claims: { sid: 'open' } })}`,
    });
    await expect(activate(guard, alice.context)).resolves.toBe(true);
    expect(alice.request.effectivePrincipals).toEqual([
      'system.Everyone',
      'system.Authenticated',
      'user:alice',
      'admin',
      'audited',
    ]);
    const bob = contextFor('member', {
      authorization: `Bearer ${await tokens.createToken('bob', { claims: { sid: 'signed-out' } })}`,
    });
    const error = await activate(guard, bob.context).catch((e: unknown) => e);
    expect((error as HttpException).getStatus()).toBe(401);
    expect(bob.request.authenticatedUserId).toBeNull();
  });
});

describe('JwtAuthGuard credentials in cookie mode', () => {
  @Injectable()
  class CredentialsProbe extends JwtAuthGuard {
    credentialsOf(request: CallRequest, type: string) {
      return this.extractCredentials(request, { getType: () => type } as unknown as ExecutionContext);
    }
  }

  const withCookie = { headers: { cookie: 'Authorization=a.b.c' } };

  it('reads the token cookie of an HTTP request', async () => {
    const { guard } = await setup({ cookie: { secure: false } }, CredentialsProbe);
    expect((guard as CredentialsProbe).credentialsOf(withCookie, 'http')).toEqual({
      token: 'a.b.c',
      source: 'cookie',
    });
  });

  it('reads it under GraphQL too, which runs over HTTP', async () => {
    const { guard } = await setup({ cookie: { secure: false } }, CredentialsProbe);
    expect((guard as CredentialsProbe).credentialsOf(withCookie, 'graphql')).toEqual({
      token: 'a.b.c',
      source: 'cookie',
    });
  });

  it('never reads it on a WebSocket handshake, which browsers send cross-site with cookies', async () => {
    const { guard } = await setup({ cookie: { secure: false } }, CredentialsProbe);
    const client = { handshake: { headers: withCookie.headers, auth: {}, query: {} } };
    expect((guard as CredentialsProbe).credentialsOf(client, 'ws')).toBe('token_missing');
  });
});
