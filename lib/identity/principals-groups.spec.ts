import type { ModuleRef } from '@nestjs/core';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import type { GroupFinder } from './group-finder';
import { PrincipalsService } from './principals.service';

function serviceWith(findGroups: GroupFinder['findGroups']): PrincipalsService {
  return new PrincipalsService({} as ModuleRef, { findGroups });
}

const claims = { sub: 'alice', exp: 2_000_000_000 };

describe('PrincipalsService and the groups a GroupFinder returns', () => {
  it('adds the groups of a GroupFinder that answers at once', async () => {
    const identity = await serviceWith(() => ['admin']).resolve(claims, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'alice', 'admin']);
  });

  it('adds the groups of a GroupFinder that answers with a promise', async () => {
    const identity = await serviceWith(async () => ['admin']).resolve(claims, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'alice', 'admin']);
  });

  it('makes the request anonymous when a promised answer is null', async () => {
    const identity = await serviceWith(async () => null).resolve(claims, {});
    expect(identity.anonymousReason).toBe('user_unknown');
  });

  it('returns frozen principals', async () => {
    const identity = await serviceWith(() => ['admin']).resolve(claims, {});
    expect(Object.isFrozen(identity.principals)).toBe(true);
  });

  it('rejects groups that are not all strings', async () => {
    await expect(serviceWith(() => ['admin', 42 as unknown as string]).resolve(claims, {})).rejects.toThrow(TypeError);
  });

  it('rejects a GroupFinder that throws, as a rejected promise', async () => {
    const failing = serviceWith(() => {
      throw new Error('store down');
    });
    await expect(failing.resolve(claims, {})).rejects.toThrow('store down');
  });
});
