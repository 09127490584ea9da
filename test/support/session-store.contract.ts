// The behaviour every SessionStore owes SessionService, as specs: run by the in-memory store's
// spec and the Redis store's; a model for testing an application's own store. Times are around the real
// clock, since a real store may expire keys by it.
import { hashRefreshToken, newIdentifier, newRefreshToken } from '../../lib/sessions/refresh-token.util';
import type { RefreshTokenRecord, Revocation, SessionRecord } from '../../lib/sessions/session.interface';
import type { SessionStore } from '../../lib/sessions/session.store';

const MINUTE = 60_000;

/** Registers the contract's specs, in the calling file, for stores made by `makeStore`. */
export function describeSessionStoreContract(
  name: string,
  makeStore: () => Promise<SessionStore>,
  dispose: (store: SessionStore) => Promise<void> = async () => undefined,
): void {
  describe(`${name} (the SessionStore contract)`, () => {
    let store: SessionStore;
    let now: number;

    beforeEach(async () => {
      store = await makeStore();
      now = Date.now();
    });

    afterEach(async () => {
      await dispose(store);
    });

    function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
      return {
        sid: newIdentifier(),
        userId: 'alice',
        familyId: newIdentifier(),
        claims: { name: 'Alice', nested: { n: 1234567890123456 } },
        createdAt: now,
        expiresAt: now + 60 * MINUTE,
        revoked: false,
        ...overrides,
      };
    }

    function tokenOf(
      of: SessionRecord,
      overrides: Partial<RefreshTokenRecord> = {},
    ): { token: string; record: RefreshTokenRecord } {
      const token = newRefreshToken();
      const record = {
        hash: hashRefreshToken(token),
        sid: of.sid,
        userId: of.userId,
        familyId: of.familyId,
        issuedAt: now,
        expiresAt: now + 10 * MINUTE,
        ...overrides,
      };
      return { token, record };
    }

    async function opened(overrides: Partial<SessionRecord> = {}) {
      const s = session(overrides);
      const first = tokenOf(s);
      await store.createSession(s, first.record);
      return { s, first };
    }

    const rotate = (hash: string, next: RefreshTokenRecord, at = now, gracePeriod = 0) =>
      store.rotateRefreshToken({ hash, next, now: at, gracePeriod });

    it('finds a stored refresh token by its hash, exactly as stored', async () => {
      const { first } = await opened();
      expect(await store.findRefreshToken(first.record.hash)).toEqual(first.record);
      expect(await store.findRefreshToken(hashRefreshToken(newRefreshToken()))).toBeUndefined();
    });

    it('rotates an unused token: rotated, with the session and its claims; the token is used up at now', async () => {
      const { s, first } = await opened();
      const next = tokenOf(s);
      expect(await rotate(first.record.hash, next.record, now + 5)).toEqual({
        status: 'rotated',
        session: s,
      });
      expect((await store.findRefreshToken(first.record.hash))?.usedAt).toBe(now + 5);
      expect(await store.findRefreshToken(next.record.hash)).toEqual(next.record);
    });

    it('answers unknown for a token never stored', async () => {
      const { s } = await opened();
      expect((await rotate(hashRefreshToken(newRefreshToken()), tokenOf(s).record)).status).toBe('unknown');
    });

    it('answers grace for a used token within the grace period, storing the next token', async () => {
      const { s, first } = await opened();
      await rotate(first.record.hash, tokenOf(s).record);
      const next = tokenOf(s);
      expect(await rotate(first.record.hash, next.record, now + 999, 1000)).toEqual({
        status: 'grace',
        session: s,
      });
      expect(await store.findRefreshToken(next.record.hash)).toEqual(next.record);
    });

    it("without a grace period, answers reused even when now precedes the use (another instance's clock)", async () => {
      const { s, first } = await opened();
      await rotate(first.record.hash, tokenOf(s).record, now + 5);
      expect((await rotate(first.record.hash, tokenOf(s).record, now + 4, 0)).status).toBe('reused');
    });

    it('answers reused for a used token past the grace period, and marks the session revoked', async () => {
      const { s, first } = await opened();
      const second = tokenOf(s);
      await rotate(first.record.hash, second.record);
      expect(await rotate(first.record.hash, tokenOf(s).record, now + 1000, 1000)).toMatchObject({
        status: 'reused',
      });
      expect(await rotate(second.record.hash, tokenOf(s).record, now + 1000, 1000)).toMatchObject({
        status: 'revoked',
      });
    });

    it('answers expired for a token or a session past its end (or unknown once the token is dropped)', async () => {
      const { s, first } = await opened({ expiresAt: now + 30 * MINUTE });
      expect(['expired', 'unknown']).toContain(
        (await rotate(first.record.hash, tokenOf(s).record, now + 10 * MINUTE)).status,
      );
      const other = await opened({ expiresAt: now + 5 * MINUTE });
      expect((await rotate(other.first.record.hash, tokenOf(other.s).record, now + 5 * MINUTE)).status).toBe(
        'expired',
      );
    });

    it('of many parallel rotations of one token without grace, answers rotated exactly once', async () => {
      const { s, first } = await opened();
      const outcomes = await Promise.all(
        Array.from({ length: 25 }, () => rotate(first.record.hash, tokenOf(s).record)),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rotated')).toHaveLength(1);
      expect(
        outcomes.filter((outcome) => outcome.status === 'rotated' || outcome.status === 'grace'),
      ).toHaveLength(1);
    });

    it('answers revoked once the session is revoked, and broadcasts the revocation to watchers', async () => {
      const { s, first } = await opened();
      const seen: Revocation[] = [];
      const stop = await store.watchRevocations({ revoked: (revocation) => seen.push(revocation) });
      const revocation: Revocation = { kind: 'session', sid: s.sid, expiresAt: now + 60 * MINUTE };
      await store.revoke(revocation, now);
      expect((await rotate(first.record.hash, tokenOf(s).record)).status).toBe('revoked');
      await waitFor(() => seen.length === 1);
      expect(seen).toEqual([revocation]);
      stop();
    });

    it('answers revoked for the sessions a user revocation covers, not for those opened after it', async () => {
      const before = await opened();
      await store.revoke({ kind: 'user', userId: 'alice', before: now, expiresAt: now + 60 * MINUTE }, now);
      const after = await opened({ createdAt: now + 1 });
      expect((await rotate(before.first.record.hash, tokenOf(before.s).record, now + 2)).status).toBe(
        'revoked',
      );
      expect((await rotate(after.first.record.hash, tokenOf(after.s).record, now + 2)).status).toBe(
        'rotated',
      );
    });

    it('keeps the later cut-off of a user revoked twice', async () => {
      const { s, first } = await opened({ createdAt: now - 10 });
      await store.revoke({ kind: 'user', userId: 'alice', before: now, expiresAt: now + 60 * MINUTE }, now);
      await store.revoke(
        { kind: 'user', userId: 'alice', before: now - 100, expiresAt: now + 60 * MINUTE },
        now,
      );
      expect((await rotate(first.record.hash, tokenOf(s).record)).status).toBe('revoked');
    });

    it('loads the revocations in force, and not those past their end', async () => {
      const live: Revocation[] = [
        { kind: 'token', jti: 'j1', expiresAt: now + MINUTE },
        { kind: 'session', sid: 's1', expiresAt: now + MINUTE },
        { kind: 'user', userId: 'bob', before: now, expiresAt: now + MINUTE },
      ];
      for (const revocation of live) await store.revoke(revocation, now);
      await store.revoke({ kind: 'token', jti: 'j2', expiresAt: now + 10 }, now);
      expect(new Set(await store.loadRevocations(now + 10))).toEqual(new Set(live));
    });

    it('records a one-time value once: the first record is true, every later one false while it lasts', async () => {
      const id = `proof:${newIdentifier()}`;
      expect(await store.recordOnce(id, now + MINUTE, now)).toBe(true);
      expect(await store.recordOnce(id, now + MINUTE, now + 1)).toBe(false);
      expect(await store.recordOnce(`proof:${newIdentifier()}`, now + MINUTE, now + 1)).toBe(true);
    });

    it('records a one-time value exactly once when many record it at the same time', async () => {
      const id = `proof:${newIdentifier()}`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => store.recordOnce(id, now + MINUTE, now)),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
    });
  });
}

/** Polls `condition` until it holds (a broadcast may arrive after the call that made it). */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
