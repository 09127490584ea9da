import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { DEFAULT_SESSION_OPTIONS, resolveSessionOptions } from './session.options';

describe('resolveSessionOptions', () => {
  it('defaults to a 14-day idle timeout, a 30-day lifetime and a 10-second grace period', () => {
    expect(resolveSessionOptions(undefined)).toEqual({ idleTimeout: 1209600, absoluteLifetime: 2592000, reuseGracePeriod: 10 });
    expect(resolveSessionOptions({})).toEqual(DEFAULT_SESSION_OPTIONS);
  });

  it('is resolved with the module options', () => {
    expect(resolveJwtAuthOptions({ secret: 's'.repeat(64), sessions: { reuseGracePeriod: 0 } }).sessions.reuseGracePeriod).toBe(0);
  });

  it('stretches the default lifetime to a longer idle timeout, and shrinks the default grace to a short one', () => {
    expect(resolveSessionOptions({ idleTimeout: 90 * 86400 }).absoluteLifetime).toBe(90 * 86400);
    expect(resolveSessionOptions({ idleTimeout: 4 }).reuseGracePeriod).toBe(2);
  });

  it.each([
    [[], /"sessions" must be an object/],
    [{ idleTimout: 60 }, /unknown "sessions" option "idleTimout"; the options are idleTimeout, absoluteLifetime, reuseGracePeriod/],
    [{ idleTimeout: 0 }, /"sessions.idleTimeout" must be a positive, finite number of seconds; got 0/],
    [{ absoluteLifetime: '30d' }, /"sessions.absoluteLifetime" must be a positive/],
    [{ reuseGracePeriod: -1 }, /"sessions.reuseGracePeriod" must be a finite number of seconds, 0 or more/],
    [{ idleTimeout: 600, absoluteLifetime: 60 }, /"sessions.absoluteLifetime" \(60 s\) must be at least "sessions.idleTimeout" \(600 s\)/],
    [{ idleTimeout: 60, reuseGracePeriod: 60 }, /"sessions.reuseGracePeriod" \(60 s\) must be shorter than "sessions.idleTimeout"/],
  ])('refuses %p at start-up', (value, message) => {
    expect(() => resolveSessionOptions(value as never)).toThrow(message);
  });
});
