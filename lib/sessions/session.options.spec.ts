import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { DEFAULT_SESSION_OPTIONS, resolveSessionOptions } from './session.options';

describe('resolveSessionOptions', () => {
  it('defaults to a 14-day idle timeout, a 30-day lifetime and a 10-second grace period', () => {
    expect(resolveSessionOptions(undefined)).toEqual({
      idleTimeout: 1209600,
      absoluteLifetime: 2592000,
      reuseGracePeriod: 10,
      redis: undefined,
      maxStaleness: 30,
      failOpen: false,
    });
    expect(resolveSessionOptions({})).toEqual(DEFAULT_SESSION_OPTIONS);
  });

  it('takes a Redis URL with the default key prefix and command timeout', () => {
    expect(resolveSessionOptions({ redis: { url: 'redis://127.0.0.1:6379/1' } }).redis).toEqual({
      url: 'redis://127.0.0.1:6379/1',
      client: undefined,
      keyPrefix: 'jwt-sessions:',
      commandTimeout: 2000,
    });
  });

  it('is resolved with the module options', () => {
    expect(
      resolveJwtAuthOptions({ secret: 's'.repeat(64), sessions: { reuseGracePeriod: 0 } }).sessions
        .reuseGracePeriod,
    ).toBe(0);
  });

  it('stretches the default lifetime to a longer idle timeout, and shrinks the default grace to a short one', () => {
    expect(resolveSessionOptions({ idleTimeout: 90 * 86400 }).absoluteLifetime).toBe(90 * 86400);
    expect(resolveSessionOptions({ idleTimeout: 4 }).reuseGracePeriod).toBe(2);
  });

  it.each([
    [[], /"sessions" must be an object/],
    [
      { idleTimout: 60 },
      /unknown "sessions" option "idleTimout"; the options are idleTimeout, absoluteLifetime, reuseGracePeriod, redis/,
    ],
    [{ idleTimeout: 0 }, /"sessions.idleTimeout" must be a positive, finite number of seconds; got 0/],
    [{ absoluteLifetime: '30d' }, /"sessions.absoluteLifetime" must be a positive/],
    [{ reuseGracePeriod: -1 }, /"sessions.reuseGracePeriod" must be a finite number of seconds, 0 or more/],
    [
      { idleTimeout: 600, absoluteLifetime: 60 },
      /"sessions.absoluteLifetime" \(60 s\) must be at least "sessions.idleTimeout" \(600 s\)/,
    ],
    [
      { idleTimeout: 60, reuseGracePeriod: 60 },
      /"sessions.reuseGracePeriod" \(60 s\) must be shorter than "sessions.idleTimeout"/,
    ],
    [{ maxStaleness: -1 }, /"sessions.maxStaleness" must be a finite number of seconds, 0 or more/],
    [{ failOpen: 'yes' }, /"sessions.failOpen" must be true or false/],
    [{ redis: 'redis://x' }, /"sessions.redis" must be an object/],
    [{ redis: {} }, /needs exactly one of "url".*or "client"/],
    [{ redis: { url: 'http://x' } }, /"sessions.redis.url" must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ redis: { client: {} } }, /"sessions.redis.client" must be an ioredis connection/],
    [
      { redis: { url: 'redis://x', keyPrefix: 'a{b}' } },
      /"sessions.redis.keyPrefix" must be a non-empty string without braces/,
    ],
    [
      { redis: { url: 'redis://x', commandTimeout: 0 } },
      /"sessions.redis.commandTimeout" must be a positive number of milliseconds/,
    ],
    [{ redis: { url: 'redis://x', db: 2 } }, /unknown "sessions.redis" option "db"/],
  ])('refuses %p at start-up', (value, message) => {
    expect(() => resolveSessionOptions(value as never)).toThrow(message);
  });
});
