// Which TestClock each `clock` function reads, so that the kit finds the clock an application runs on
// from its resolved options.
const owners = new WeakMap<() => number, TestClock>();

/**
 * A clock that only moves when told to, for the `clock` option: a token expires in a test without
 * waiting. Starts at the given time, or at the real time when it is made.
 */
export class TestClock {
  private current: number;

  /** The `clock` option: milliseconds since the epoch. Bound, so it can be passed around alone. */
  readonly read = (): number => this.current;

  /** @param start where the clock starts: a `Date` or milliseconds since the epoch. Default: now. */
  constructor(start: Date | number = Date.now()) {
    this.current = TestClock.millisecondsOf(start);
    owners.set(this.read, this);
  }

  /** The `TestClock` whose `read` is `clock`, if it is one. */
  static owning(clock: () => number): TestClock | undefined {
    return owners.get(clock);
  }

  /** The time, in milliseconds since the epoch. */
  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `seconds` (back, with a negative number). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds))
      throw new TypeError(`TestClock.advance() needs a finite number of seconds; got ${String(seconds)}.`);
    this.current += seconds * 1000;
  }

  /** Sets the clock to `time`: a `Date` or milliseconds since the epoch. */
  set(time: Date | number): void {
    this.current = TestClock.millisecondsOf(time);
  }

  private static millisecondsOf(time: Date | number): number {
    const ms = time instanceof Date ? time.getTime() : time;
    if (typeof ms !== 'number' || !Number.isFinite(ms)) {
      throw new TypeError(`TestClock needs a Date or milliseconds since the epoch; got ${String(time)}.`);
    }
    return ms;
  }
}
