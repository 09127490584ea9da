import type { JwksStatus } from '../token/jwks.status';
import { assessJwks, assessSessionStore, checkJwksHealthOptions } from './health.assessment';

const NOW = Date.UTC(2026, 0, 1, 12);
const MINUTE = 60_000;

const source = (status: Partial<JwksStatus> = {}): JwksStatus => ({
  issuer: 'https://id.example.com/',
  jwksUri: 'https://id.example.com/jwks',
  discoveryUrl: undefined,
  keyCount: 2,
  fetchedAt: NOW - MINUTE,
  cacheMaxAge: 10 * MINUTE,
  lastFetchFailed: false,
  lastFailure: undefined,
  staleKeysInUse: false,
  ...status,
});

describe('assessJwks', () => {
  it('is healthy with no fetched keys to watch', () => {
    expect(assessJwks([], NOW)).toEqual({ healthy: true, data: { sources: [] } });
  });

  it('reports a fresh set with its age and no problem', () => {
    expect(assessJwks([source()], NOW)).toEqual({
      healthy: true,
      data: {
        sources: [
          {
            issuer: 'https://id.example.com/',
            jwksUri: 'https://id.example.com/jwks',
            keys: 2,
            fetchedAt: '2026-01-01T11:59:00.000Z',
            ageSeconds: 60,
            lastFetchFailed: false,
            staleKeysInUse: false,
          },
        ],
      },
    });
  });

  it('is healthy while no token has needed a source yet', () => {
    const assessment = assessJwks([source({ keyCount: 0, fetchedAt: undefined })], NOW);
    expect(assessment.healthy).toBe(true);
    expect(assessment.data.sources[0].problem).toBeUndefined();
  });

  it('is down with keys_unavailable when the first fetch failed', () => {
    const assessment = assessJwks(
      [
        source({
          keyCount: 0,
          fetchedAt: undefined,
          lastFetchFailed: true,
          lastFailure: { at: NOW, reason: 'unavailable: connect ECONNREFUSED' },
        }),
      ],
      NOW,
    );
    expect(assessment.healthy).toBe(false);
    expect(assessment.data.sources[0]).toMatchObject({
      problem: 'keys_unavailable',
      lastFailure: { at: '2026-01-01T12:00:00.000Z', reason: 'unavailable: connect ECONNREFUSED' },
    });
  });

  it('is down with keys_unavailable when the set fetched holds no usable key', () => {
    expect(assessJwks([source({ keyCount: 0 })], NOW).data.sources[0].problem).toBe('keys_unavailable');
  });

  it('stays up, reporting fetch_failed, while the keys in hand are fresh', () => {
    const assessment = assessJwks([source({ lastFetchFailed: true })], NOW);
    expect(assessment.healthy).toBe(true);
    expect(assessment.data.sources[0].problem).toBe('fetch_failed');
  });

  it('stays up, reporting stale_keys_in_use, up to twice cacheMaxAge by default', () => {
    const assessment = assessJwks(
      [source({ fetchedAt: NOW - 20 * MINUTE, staleKeysInUse: true, lastFetchFailed: true })],
      NOW,
    );
    expect(assessment.healthy).toBe(true);
    expect(assessment.data.sources[0].problem).toBe('stale_keys_in_use');
  });

  it('is down with keys_too_old once stale keys in use are older than twice cacheMaxAge', () => {
    const assessment = assessJwks([source({ fetchedAt: NOW - 20 * MINUTE - 1, staleKeysInUse: true })], NOW);
    expect(assessment.healthy).toBe(false);
    expect(assessment.data.sources[0].problem).toBe('keys_too_old');
  });

  it('takes maxKeyAge when given', () => {
    const stale = [source({ fetchedAt: NOW - 11 * MINUTE, staleKeysInUse: true })];
    expect(assessJwks(stale, NOW, { maxKeyAge: 15 * MINUTE }).healthy).toBe(true);
    expect(assessJwks(stale, NOW, { maxKeyAge: 10 * MINUTE }).healthy).toBe(false);
  });

  it('does not count an old set that no token uses: it is refreshed on the next one', () => {
    expect(assessJwks([source({ fetchedAt: NOW - 600 * MINUTE })], NOW).healthy).toBe(true);
  });

  it('is down when any one source is', () => {
    const sources = [source(), source({ issuer: 'https://b.example/', keyCount: 0, lastFetchFailed: true })];
    expect(assessJwks(sources, NOW).healthy).toBe(false);
  });
});

describe('checkJwksHealthOptions', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '600000'])('refuses maxKeyAge %p', (maxKeyAge) => {
    expect(() => checkJwksHealthOptions({ maxKeyAge: maxKeyAge as number })).toThrow(
      /"maxKeyAge" must be a positive number of milliseconds/,
    );
  });

  it('accepts a positive maxKeyAge, or none', () => {
    expect(() => checkJwksHealthOptions({ maxKeyAge: 1 })).not.toThrow();
    expect(() => checkJwksHealthOptions({})).not.toThrow();
  });
});

describe('assessSessionStore', () => {
  const flowing = { current: true, staleSince: undefined, refusingTokens: false };

  it('is healthy with a connected store and a flowing feed', () => {
    expect(assessSessionStore('MemorySessionStore', { connected: true }, flowing)).toEqual({
      healthy: true,
      data: { store: 'MemorySessionStore', connected: true, revocationsCurrent: true, refusingTokens: false },
    });
  });

  it('is down while the store says it is not connected, with what it says', () => {
    const assessment = assessSessionStore(
      'RedisSessionStore',
      { connected: false, detail: 'client: reconnecting, subscriber: reconnecting' },
      { current: false, staleSince: NOW, refusingTokens: false },
    );
    expect(assessment).toEqual({
      healthy: false,
      data: {
        store: 'RedisSessionStore',
        connected: false,
        detail: 'client: reconnecting, subscriber: reconnecting',
        revocationsCurrent: false,
        revocationsStaleSince: '2026-01-01T12:00:00.000Z',
        refusingTokens: false,
      },
    });
  });

  it('is down while tokens are refused for a stale feed, even from a store that does not report its connection', () => {
    const assessment = assessSessionStore('AppStore', undefined, {
      current: false,
      staleSince: NOW,
      refusingTokens: true,
    });
    expect(assessment.healthy).toBe(false);
    expect(assessment.data).not.toHaveProperty('connected');
  });

  it('is healthy with a store that does not report its connection and a flowing feed', () => {
    expect(assessSessionStore('AppStore', undefined, flowing).healthy).toBe(true);
  });
});
