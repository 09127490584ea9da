import { Injectable, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import { GroupFinder } from './group-finder.interface';
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

const noModuleRef = { get: () => { throw new Error('none'); } } as unknown as ModuleRef;

describe('PrincipalsService', () => {
  const finder = new StaticGroupFinder({ alice: ['admin', 'user'], carol: null });
  const principals = new PrincipalsService(noModuleRef, finder);

  it('gives an authenticated user Everyone, Authenticated, the user id and the groups', async () => {
    const identity = await principals.resolve({ sub: 'alice' }, {});
    expect(identity.userId).toBe('alice');
    expect(identity.principals).toEqual([Everyone, Authenticated, 'alice', 'admin', 'user']);
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
    const identity = await new PrincipalsService(noModuleRef, counting).resolve(claims as never, {});
    expect(identity.userId).toBeNull();
    expect(counting.calls).toBe(0);
  });

  it('answers at once when the GroupFinder does, and with a promise when it returns one', async () => {
    expect(principals.resolve({ sub: 'alice' }, {})).toMatchObject({ userId: 'alice' });
    const later = new PrincipalsService(noModuleRef, new (class extends GroupFinder {
      async findGroups() {
        return ['admin'];
      }
    })());
    const identity = later.resolve({ sub: 'alice' }, {});
    expect(identity).toBeInstanceOf(Promise);
    expect((await identity).principals).toEqual([Everyone, Authenticated, 'alice', 'admin']);
  });

  it('gives no groups without a GroupFinder', async () => {
    const identity = await new PrincipalsService(noModuleRef).resolve({ sub: 'bob' }, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'bob']);
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
    await new PrincipalsService(noModuleRef, recording).resolve({ sub: 'bob' }, request);
    expect(seen).toEqual([request]);
  });

  it('lets a GroupFinder error fail the request', async () => {
    const failing = new (class extends GroupFinder {
      findGroups(): string[] {
        throw new Error('database down');
      }
    })();
    expect(() => new PrincipalsService(noModuleRef, failing).resolve({ sub: 'bob' }, {})).toThrow('database down');
  });

  it('refuses a GroupFinder that returns something other than a list of names', async () => {
    const broken = new (class extends GroupFinder {
      findGroups() {
        return 'admin' as never;
      }
    })();
    expect(() => new PrincipalsService(noModuleRef, broken).resolve({ sub: 'bob' }, {})).toThrow(TypeError);
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
    @Module({ imports: [FeatureModule], providers: [PrincipalsService] })
    class RootModule {}
    const ref = await Test.createTestingModule({ imports: [RootModule] }).compile();
    await ref.init();
    const identity = await ref.get(PrincipalsService).resolve({ sub: 'bob' }, {});
    expect(identity.principals).toContain('from-app');
    await ref.close();
  });
});
