import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import type { GroupFinder } from './group-finder.interface';
import { PrincipalsService } from './principals.service';

function serviceWith(findGroups: GroupFinder['findGroups']): PrincipalsService {
  return new PrincipalsService({} as ModuleRef, { groupFinderTimeout: 0 }, { findGroups });
}

const claims = { sub: 'alice', exp: 2_000_000_000 };

describe('PrincipalsService and the groups a GroupFinder returns', () => {
  afterEach(() => jest.restoreAllMocks());

  it('adds the groups of a GroupFinder that answers at once', async () => {
    const identity = await serviceWith(() => ['admin']).resolve(claims, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:alice', 'admin']);
  });

  it('adds the groups of a GroupFinder that answers with a promise', async () => {
    const identity = await serviceWith(async () => ['admin']).resolve(claims, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:alice', 'admin']);
  });

  it('makes the request anonymous when a promised answer is null', async () => {
    const identity = await serviceWith(async () => null).resolve(claims, {});
    expect(identity.anonymousReason).toBe('user_unknown');
  });

  it('copies the groups: the GroupFinder changing its array afterwards changes no principals', async () => {
    const groups = ['admin'];
    const identity = await serviceWith(() => groups).resolve(claims, {});
    groups.push('root');
    groups[0] = 'guest';
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:alice', 'admin']);
  });

  it('gives each request principals of its own', async () => {
    const service = serviceWith(() => ['admin']);
    const [first, second] = [await service.resolve(claims, {}), await service.resolve(claims, {})];
    expect(first.principals).toEqual(second.principals);
    expect(first.principals).not.toBe(second.principals);
  });

  it('makes the caller anonymous (group_finder_faulty) for groups that are not all strings, whenever the GroupFinder answered', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(serviceWith(() => ['admin', 42 as unknown as string]).resolve(claims, {})).toMatchObject({
      anonymousReason: 'group_finder_faulty',
    });
    await expect(
      serviceWith(async () => ['admin', 42 as unknown as string]).resolve(claims, {}),
    ).resolves.toMatchObject({
      userId: null,
      anonymousReason: 'group_finder_faulty',
    });
  });

  it('makes the caller anonymous (group_finder_failed) when the GroupFinder throws, or its promise rejects', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failing = serviceWith(() => {
      throw new Error('store down');
    });
    expect(failing.resolve(claims, {})).toMatchObject({
      userId: null,
      anonymousReason: 'group_finder_failed',
    });
    const failingLater = serviceWith(async () => {
      throw new Error('store down');
    });
    await expect(failingLater.resolve(claims, {})).resolves.toMatchObject({
      userId: null,
      anonymousReason: 'group_finder_failed',
    });
  });
});
