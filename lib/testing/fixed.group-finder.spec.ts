import { GroupFinder } from '../identity/group-finder.interface';
import { FixedGroupFinder } from './fixed.group-finder';

describe('FixedGroupFinder', () => {
  it('is a GroupFinder, so it can stand in for the GroupFinder token', () => {
    expect(new FixedGroupFinder()).toBeInstanceOf(GroupFinder);
  });

  it("answers each user's groups from its map", () => {
    const finder = new FixedGroupFinder({ alice: ['admin'], bob: [] });
    expect(finder.findGroups('alice')).toEqual(['admin']);
    expect(finder.findGroups('bob')).toEqual([]);
  });

  it('refuses a user mapped to null, and one missing from the map', () => {
    const finder = new FixedGroupFinder({ carol: null });
    expect(finder.findGroups('carol')).toBeNull();
    expect(finder.findGroups('dave')).toBeNull();
  });

  it('gives a user new groups with set()', () => {
    const finder = new FixedGroupFinder({ alice: ['admin'] });
    finder.set('alice', ['editor']);
    finder.set('erin', ['admin']);
    expect([finder.findGroups('alice'), finder.findGroups('erin')]).toEqual([['editor'], ['admin']]);
  });

  it('keeps a copy of the groups, so the caller may change its array afterwards', () => {
    const groups = ['admin'];
    const finder = new FixedGroupFinder({ alice: groups });
    groups.push('root');
    expect(finder.findGroups('alice')).toEqual(['admin']);
  });

  it('refuses groups that are not a list of names', () => {
    expect(() => new FixedGroupFinder({ alice: 'admin' as never })).toThrow(TypeError);
    expect(() => new FixedGroupFinder({ alice: [1] as never })).toThrow(TypeError);
  });
});
