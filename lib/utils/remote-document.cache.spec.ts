import { RemoteDocumentCache } from './remote-document.cache';

describe('RemoteDocumentCache', () => {
  let now: number;
  let loads: number;
  let next: () => Promise<string>;
  let errors: unknown[];

  function cache(): RemoteDocumentCache<string> {
    return new RemoteDocumentCache<string>(
      { cacheMaxAge: 60_000, cooldown: 10_000 },
      () => now,
      () => {
        loads++;
        return next();
      },
      (error) => errors.push(error),
    );
  }

  beforeEach(() => {
    now = 1_000_000;
    loads = 0;
    errors = [];
    next = async () => `v${loads}`;
  });

  it('fetches when first asked, and shares one fetch between concurrent callers', async () => {
    const documents = cache();
    expect(documents.value).toBeUndefined();
    await expect(Promise.all([documents.fetchIfAllowed(), documents.fetchIfAllowed()])).resolves.toEqual([
      'v1',
      'v1',
    ]);
    expect(loads).toBe(1);
  });

  it('fetches at most once per cooldown, a failed fetch included', async () => {
    const documents = cache();
    next = () => Promise.reject(new Error('down'));
    await expect(documents.fetchIfAllowed()).resolves.toBeUndefined();
    await expect(documents.fetchIfAllowed()).resolves.toBeUndefined();
    expect(loads).toBe(1);
    expect(errors).toHaveLength(1);
    now += 10_000;
    next = async () => 'up';
    await expect(documents.fetchIfAllowed()).resolves.toBe('up');
  });

  it('keeps the last good value when a later fetch fails', async () => {
    const documents = cache();
    await documents.fetchIfAllowed();
    now += 10_000;
    next = () => Promise.reject(new Error('down'));
    await expect(documents.fetchIfAllowed()).resolves.toBe('v1');
    expect(errors).toHaveLength(1);
  });

  it('refreshes in the background only once the value is older than cacheMaxAge', async () => {
    const documents = cache();
    await documents.fetchIfAllowed();
    now += 59_999;
    documents.refreshIfStale();
    expect(loads).toBe(1);
    now += 1;
    documents.refreshIfStale();
    expect(loads).toBe(2);
    expect(documents.value).toBe('v1');
    await documents.fetchIfAllowed(); // joins the fetch in flight
    expect(documents.value).toBe('v2');
  });

  it('starts nothing in the background before a first value', () => {
    cache().refreshIfStale();
    expect(loads).toBe(0);
  });

  it('aborts the fetch in flight on close', async () => {
    let aborted = false;
    const documents = new RemoteDocumentCache<string>(
      { cacheMaxAge: 1, cooldown: 0 },
      () => now,
      (signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))),
        ),
      (error) => errors.push(error),
    );
    const fetched = documents.fetchIfAllowed();
    documents.close();
    await expect(fetched).resolves.toBeUndefined();
    expect(aborted).toBe(true);
  });

  describe('state', () => {
    it('holds no fetch time, failure or stale use before the first fetch', () => {
      expect(cache().state).toEqual({ fetchedAt: undefined, lastFailure: undefined, staleUsedAt: undefined });
    });

    it('records when the value in hand was fetched', async () => {
      const documents = cache();
      await documents.fetchIfAllowed();
      expect(documents.state.fetchedAt).toBe(1_000_000);
    });

    it('keeps the last failure, and the time of the last good value, while the last fetch failed', async () => {
      const documents = cache();
      await documents.fetchIfAllowed();
      now += 10_000;
      const down = new Error('down');
      next = () => Promise.reject(down);
      await documents.fetchIfAllowed();
      expect(documents.state).toMatchObject({
        fetchedAt: 1_000_000,
        lastFailure: { at: 1_010_000, error: down },
      });
    });

    it('forgets the failure once a fetch succeeds', async () => {
      const documents = cache();
      next = () => Promise.reject(new Error('down'));
      await documents.fetchIfAllowed();
      now += 10_000;
      next = async () => 'up';
      await documents.fetchIfAllowed();
      expect(documents.state).toMatchObject({ fetchedAt: 1_010_000, lastFailure: undefined });
    });

    it('records a use of the value only once it is older than cacheMaxAge', async () => {
      const documents = cache();
      await documents.fetchIfAllowed();
      now += 59_999;
      documents.refreshIfStale();
      expect(documents.state.staleUsedAt).toBeUndefined();
      now += 1;
      documents.refreshIfStale();
      expect(documents.state.staleUsedAt).toBe(1_060_000);
    });

    it('records a stale use even when the cooldown holds the refresh back', async () => {
      const documents = cache();
      await documents.fetchIfAllowed();
      now += 60_000;
      next = () => Promise.reject(new Error('down'));
      documents.refreshIfStale();
      await documents.fetchIfAllowed(); // the refresh started above
      now += 1_000;
      documents.refreshIfStale();
      expect(loads).toBe(2);
      expect(documents.state.staleUsedAt).toBe(1_061_000);
    });
  });
});
