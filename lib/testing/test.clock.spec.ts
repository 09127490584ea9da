import { TestClock } from './test.clock';

describe('TestClock', () => {
  it('starts at the time it is given', () => {
    expect(new TestClock(new Date('2030-01-01T00:00:00Z')).read()).toBe(Date.UTC(2030, 0, 1));
    expect(new TestClock(1_000).now()).toBe(1_000);
  });

  it('moves by seconds, forward and back', () => {
    const clock = new TestClock(0);
    clock.advance(90);
    clock.advance(-30);
    expect(clock.read()).toBe(60_000);
  });

  it('is set to a time', () => {
    const clock = new TestClock(0);
    clock.set(new Date(5_000));
    expect(clock.now()).toBe(5_000);
  });

  it('reads through a detached read, as the clock option calls it', () => {
    const clock = new TestClock(0);
    const { read } = clock;
    clock.advance(1);
    expect(read()).toBe(1_000);
  });

  it('is found from its read function, and only from it', () => {
    const clock = new TestClock();
    expect(TestClock.owning(clock.read)).toBe(clock);
    expect(TestClock.owning(Date.now)).toBeUndefined();
  });

  it.each([NaN, Infinity, 'soon' as never])('refuses to start at or move by %p', (value) => {
    expect(() => new TestClock(value)).toThrow(TypeError);
    expect(() => new TestClock(0).advance(value)).toThrow(TypeError);
  });
});
