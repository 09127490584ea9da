import { staleKeysInUse } from './stale-keys.util';

const MAX_AGE = 60_000;
const FETCHED = 1_000_000;
const failure = (at: number) => ({ at, error: new Error('down') });

describe('staleKeysInUse', () => {
  it('holds once the set was used past cacheMaxAge and the last fetch failed', () => {
    const state = {
      fetchedAt: FETCHED,
      staleUsedAt: FETCHED + MAX_AGE,
      lastFailure: failure(FETCHED + MAX_AGE + 5),
    };
    expect(staleKeysInUse(state, MAX_AGE)).toBe(true);
  });

  it('holds when the failure came first and the stale use after it', () => {
    const state = { fetchedAt: FETCHED, staleUsedAt: FETCHED + MAX_AGE, lastFailure: failure(FETCHED + 10) };
    expect(staleKeysInUse(state, MAX_AGE)).toBe(true);
  });

  it('does not hold while the refresh a stale use started is in flight (no failure yet)', () => {
    const state = { fetchedAt: FETCHED, staleUsedAt: FETCHED + 3 * MAX_AGE, lastFailure: undefined };
    expect(staleKeysInUse(state, MAX_AGE)).toBe(false);
  });

  it('does not hold when a fetch failed but no token used the set past cacheMaxAge', () => {
    const state = { fetchedAt: FETCHED, staleUsedAt: undefined, lastFailure: failure(FETCHED + 10) };
    expect(staleKeysInUse(state, MAX_AGE)).toBe(false);
  });

  it('does not hold once a newer set came (the stale use predates it)', () => {
    const state = { fetchedAt: FETCHED, staleUsedAt: FETCHED - 1, lastFailure: failure(FETCHED + 10) };
    expect(staleKeysInUse(state, MAX_AGE)).toBe(false);
  });

  it('does not hold before any set was fetched', () => {
    const state = { fetchedAt: undefined, staleUsedAt: undefined, lastFailure: failure(FETCHED) };
    expect(staleKeysInUse(state, MAX_AGE)).toBe(false);
  });
});
