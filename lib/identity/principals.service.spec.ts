import { Injectable, Logger, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import { GroupFinder } from './group-finder.interface';
import type { VerifiedClaims } from './identity.interface';
import { PrincipalsService } from './principals.service';

class StaticGroupFinder extends GroupFinder {
  calls = 0;
  constructor(private readonly groups: Record<string, string[] | null>) {
    super();
  }
  findGroups(userId: string) {
    this.calls++;
    return this.groups[userId];
  }
}

const noModuleRef = {
  get: () => {
    throw new Error('none');
  },
} as unknown as ModuleRef;
const noTimeout = { groupFinderTimeout: 0 };

describe('PrincipalsService', () => {
  const finder = new StaticGroupFinder({ alice: ['admin', 'user'], carol: null });
  const principals = new PrincipalsService(noModuleRef, noTimeout, finder);

  it("gives an authenticated user Everyone, Authenticated, the user's principal and the groups", async () => {
    const identity = await principals.resolve({ sub: 'alice' }, {});
    expect(identity.userId).toBe('alice');
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:alice', 'admin', 'user']);
  });

  it("never gives a user whose id is a group's name that group", async () => {
    const identity = await new PrincipalsService(
      noModuleRef,
      noTimeout,
      new StaticGroupFinder({ admin: ['user'] }),
    ).resolve({ sub: 'admin' }, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:admin', 'user']);
    expect(identity.principals).not.toContain('admin');
  });

  it('makes a user the GroupFinder refuses (null) anonymous', async () => {
    const identity = await principals.resolve({ sub: 'carol' }, {});
    expect(identity).toMatchObject({ userId: null, principals: [Everyone], anonymousReason: 'user_unknown' });
  });

  it('makes a user the GroupFinder does not know (undefined) anonymous', async () => {
    expect((await principals.resolve({ sub: 'nobody' }, {})).userId).toBeNull();
  });

  it.each([
    ['missing', {}],
    ['not a string', { sub: 42 }],
    ['empty', { sub: '' }],
    ['Everyone', { sub: Everyone }],
    ['Authenticated', { sub: Authenticated }],
  ])('makes a token whose sub is %s anonymous without asking the GroupFinder', async (_, claims) => {
    const counting = new StaticGroupFinder({});
    const identity = await new PrincipalsService(noModuleRef, noTimeout, counting).resolve(
      claims as never,
      {},
    );
    expect(identity.userId).toBeNull();
    expect(counting.calls).toBe(0);
  });

  it('answers at once when the GroupFinder does, and with a promise when it returns one', async () => {
    expect(principals.resolve({ sub: 'alice' }, {})).toMatchObject({ userId: 'alice' });
    const later = new PrincipalsService(
      noModuleRef,
      noTimeout,
      new (class extends GroupFinder {
        async findGroups() {
          return ['admin'];
        }
      })(),
    );
    const identity = later.resolve({ sub: 'alice' }, {});
    expect(identity).toBeInstanceOf(Promise);
    expect((await identity).principals).toEqual([Everyone, Authenticated, 'user:alice', 'admin']);
  });

  it('gives no groups without a GroupFinder', async () => {
    const identity = await new PrincipalsService(noModuleRef, noTimeout).resolve({ sub: 'bob' }, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:bob']);
  });

  it('passes the request to the GroupFinder', async () => {
    const seen: unknown[] = [];
    const recording = new (class extends GroupFinder {
      findGroups(_: string, request: unknown) {
        seen.push(request);
        return [];
      }
    })();
    const request = { headers: {} };
    await new PrincipalsService(noModuleRef, noTimeout, recording).resolve({ sub: 'bob' }, request);
    expect(seen).toEqual([request]);
  });

  it("passes the token's verified claims to the GroupFinder, so that it can tell issuers apart", async () => {
    const seen: unknown[] = [];
    const recording = new (class extends GroupFinder {
      findGroups(_: string, __: unknown, claims: VerifiedClaims) {
        seen.push(claims.iss);
        return [];
      }
    })();
    await new PrincipalsService(noModuleRef, noTimeout, recording).resolve(
      { sub: 'bob', iss: 'https://sso.example.com/realms/acme' },
      {},
    );
    expect(seen).toEqual(['https://sso.example.com/realms/acme']);
  });

  describe('a GroupFinder that fails', () => {
    let errors: jest.SpyInstance;
    beforeEach(() => {
      errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    });
    afterEach(() => jest.restoreAllMocks());

    const serviceWith = (findGroups: GroupFinder['findGroups'], groupFinderTimeout = 0) =>
      new PrincipalsService(noModuleRef, { groupFinderTimeout }, { findGroups });

    it('makes the caller anonymous (group_finder_failed) when it throws, and logs the user and the stack', () => {
      const identity = serviceWith(() => {
        throw new Error('database down');
      }).resolve({ sub: 'bob' }, {});
      expect(identity).toMatchObject({
        userId: null,
        principals: [Everyone],
        anonymousReason: 'group_finder_failed',
      });
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('GroupFinder.findGroups("bob") failed: Error.'),
        expect.stringContaining('database down'),
      );
    });

    it('says what it threw when that is not an Error', () => {
      void serviceWith(() => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- what this spec is about
        throw 'database down';
      }).resolve({ sub: 'bob' }, {});
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('GroupFinder.findGroups("bob") failed, throwing a string.'),
      );
    });

    it.each([
      ['a string', 'admin'],
      ['a number', 42],
      ['an object (Object)', { groups: ['admin'] }],
      ['an object (Set)', new Set(['admin'])],
      ['an array whose item 1 is a number', ['admin', 42]],
      ['an array whose item 0 is null', [null]],
    ])(
      'makes the caller anonymous (group_finder_faulty) when it returns %s, and logs the user and that type',
      (type, groups) => {
        const identity = serviceWith(() => groups as never).resolve({ sub: 'bob' }, {});
        expect(identity).toMatchObject({ userId: null, anonymousReason: 'group_finder_faulty' });
        expect(errors).toHaveBeenCalledWith(
          expect.stringContaining(`GroupFinder.findGroups("bob") returned ${type};`),
        );
        expect(errors.mock.calls[0][0]).not.toContain('admin');
      },
    );

    it("refuses a group in the users' namespace, which would name a user", () => {
      const identity = serviceWith(() => ['user:alice']).resolve({ sub: 'bob' }, {});
      expect(identity).toMatchObject({ userId: null, anonymousReason: 'group_finder_faulty' });
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('a group name may not start with "user:"'));
    });

    describe('groupFinderTimeout', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      it('makes the caller anonymous (group_finder_timeout) when the promise is still pending after the timeout, and logs it', async () => {
        const identity = serviceWith(() => new Promise(() => undefined), 5000).resolve({ sub: 'bob' }, {});
        await jest.advanceTimersByTimeAsync(4999);
        expect(errors).not.toHaveBeenCalled();
        await jest.advanceTimersByTimeAsync(1);
        await expect(identity).resolves.toMatchObject({
          userId: null,
          anonymousReason: 'group_finder_timeout',
        });
        expect(errors).toHaveBeenCalledWith(
          expect.stringContaining('GroupFinder.findGroups("bob") did not answer within 5000 ms'),
        );
      });

      it('clears the timer as soon as the promise settles', async () => {
        const identity = await serviceWith(async () => ['admin'], 5000).resolve({ sub: 'bob' }, {});
        expect(identity.principals).toContain('admin');
        expect(jest.getTimerCount()).toBe(0);
      });

      it('clears the timer when the promise rejects, and reports the failure, not a timeout', async () => {
        const identity = await serviceWith(async () => Promise.reject(new Error('down')), 5000).resolve(
          { sub: 'bob' },
          {},
        );
        expect(identity.anonymousReason).toBe('group_finder_failed');
        expect(jest.getTimerCount()).toBe(0);
      });

      it('starts no timer for a GroupFinder that answers at once', () => {
        expect(serviceWith(() => ['admin'], 5000).resolve({ sub: 'bob' }, {})).toMatchObject({
          userId: 'bob',
        });
        expect(jest.getTimerCount()).toBe(0);
      });

      it('waits for ever when the timeout is 0', async () => {
        let answer: (groups: string[]) => void = () => undefined;
        const identity = serviceWith(() => new Promise((resolve) => (answer = resolve)), 0).resolve(
          { sub: 'bob' },
          {},
        );
        expect(jest.getTimerCount()).toBe(0);
        await jest.advanceTimersByTimeAsync(60_000);
        answer(['admin']);
        await expect(identity).resolves.toMatchObject({ userId: 'bob' });
      });
    });
  });

  it('finds a GroupFinder the application provides in its own module', async () => {
    @Injectable()
    class AppGroupFinder extends GroupFinder {
      findGroups() {
        return ['from-app'];
      }
    }
    @Module({ providers: [{ provide: GroupFinder, useClass: AppGroupFinder }] })
    class FeatureModule {}
    @Module({
      imports: [FeatureModule],
      providers: [PrincipalsService, { provide: JWT_AUTH_RESOLVED_OPTIONS, useValue: noTimeout }],
    })
    class RootModule {}
    const ref = await Test.createTestingModule({ imports: [RootModule] }).compile();
    await ref.init();
    const identity = await ref.get(PrincipalsService).resolve({ sub: 'bob' }, {});
    expect(identity.principals).toContain('from-app');
    await ref.close();
  });
});
