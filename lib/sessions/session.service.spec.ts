import type { ModuleRef } from '@nestjs/core';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import type { GroupFinder } from '../identity/group-finder.interface';
import type { VerifiedClaims } from '../identity/identity.interface';
import { PrincipalsService } from '../identity/principals.service';
import { JwtTokenService } from '../token/jwt-token.service';
import { MemorySessionStore } from './memory-session.store';
import { hashRefreshToken } from './refresh-token.util';
import { RevocationState } from './revocation.state';
import { SessionError } from './session.errors';
import { JwtAuthEvents } from '../observability/jwt-auth-events.service';
import type { RefreshTokenReusedEvent } from '../observability/jwt-auth.events';
import type { RefreshTokenRecord } from './session.interface';
import { SessionService, type SessionTokens } from './session.service';
import { SessionStoreUnavailableError } from './session.store';

const SECRET = 'a-64-byte-secret-for-hs512-tokens-in-tests-0123456789abcdefghijk';
const START = Date.UTC(2026, 0, 1);

/** A clock the test moves by hand: no sleeps. */
function manualClock() {
  let now = START;
  return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

class Users implements GroupFinder {
  refused = new Set<string>();
  failing = false;
  findGroups(userId: string) {
    if (this.failing) throw new Error('the directory is down');
    return this.refused.has(userId) ? null : ['staff'];
  }
}

function setup(options: JwtAuthOptions = {}, store = new MemorySessionStore()) {
  const clock = manualClock();
  const resolved = resolveJwtAuthOptions({ secret: SECRET, clock: clock.now, ...options });
  const tokens = new JwtTokenService(resolved);
  const users = new Users();
  const principals = new PrincipalsService({} as ModuleRef, resolved, users);
  const state = new RevocationState(store, resolved);
  const events = new JwtAuthEvents();
  const sessions = new SessionService(tokens, store, state, principals, resolved, events);
  const claimsOf = (pair: SessionTokens) => tokens.verifyToken(pair.accessToken);
  return { clock, tokens, users, store, state, sessions, events, claimsOf };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SessionError);
  return (error as SessionError).code;
}

describe('SessionService', () => {
  describe('open', () => {
    it('answers an access token, an opaque refresh token, their lifetimes and the session id', async () => {
      const { sessions } = setup({ expiration: 900 });
      const pair = await sessions.open('alice');
      expect(pair).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 14 * 24 * 3600,
        sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      });
    });

    it('binds every access token of the session to a DPoP key, refreshed ones too', async () => {
      const { sessions, claimsOf } = setup();
      const jkt = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
      const pair = await sessions.open('alice', { dpopJkt: jkt, claims: { name: 'Alice' } });
      expect(pair.tokenType).toBe('DPoP');
      expect(await claimsOf(pair)).toMatchObject({ name: 'Alice', cnf: { jkt } });
      const refreshed = await sessions.refresh(pair.refreshToken, { dpopJkt: jkt });
      expect(refreshed.tokenType).toBe('DPoP');
      expect(await claimsOf(refreshed)).toMatchObject({ cnf: { jkt } });
    });

    it.each([
      ['without a proof', undefined],
      ['with a proof of another key', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ])('refuses to refresh a bound session %s, and revokes it (RFC 9449 §5)', async (_case, dpopJkt) => {
      const { sessions } = setup();
      const jkt = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
      const pair = await sessions.open('alice', { dpopJkt: jkt });
      await expect(sessions.refresh(pair.refreshToken, { dpopJkt })).rejects.toMatchObject({
        code: 'refresh_token_key_mismatch',
      });
      await expect(sessions.refresh(pair.refreshToken, { dpopJkt: jkt })).rejects.toMatchObject({
        code: 'refresh_token_revoked',
      });
    });

    it('keeps an unbound session unbound when its refresh proves a key', async () => {
      const { sessions, claimsOf } = setup();
      const pair = await sessions.open('alice');
      const refreshed = await sessions.refresh(pair.refreshToken, {
        dpopJkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
      });
      expect(refreshed.tokenType).toBe('Bearer');
      expect(await claimsOf(refreshed)).not.toHaveProperty('cnf');
    });

    it('refuses a dpopJkt that is not a thumbprint', async () => {
      const { sessions } = setup();
      await expect(sessions.open('alice', { dpopJkt: 'not-a-thumbprint' })).rejects.toThrow(TypeError);
    });

    it('writes sub, sid, a jti and the given claims into the access token', async () => {
      const { sessions, claimsOf } = setup();
      const pair = await sessions.open('alice', { claims: { name: 'Alice' } });
      const claims = await claimsOf(pair);
      expect(claims).toMatchObject({
        sub: 'alice',
        sid: pair.sessionId,
        name: 'Alice',
        jti: expect.stringMatching(/^[\w-]{30}$/),
      });
    });

    it('gives every session its own id and every token its own jti', async () => {
      const { sessions, claimsOf } = setup();
      const [a, b] = [await sessions.open('alice'), await sessions.open('alice')];
      expect(a.sessionId).not.toBe(b.sessionId);
      expect((await claimsOf(a)).jti).not.toBe((await claimsOf(b)).jti);
      expect(a.refreshToken).not.toBe(b.refreshToken);
    });

    it('stores the refresh token only as its SHA-256 hash, bound to user, session and family', async () => {
      const { sessions, store } = setup();
      const pair = await sessions.open('alice');
      expect(await store.findRefreshToken(pair.refreshToken)).toBeUndefined();
      const record = await store.findRefreshToken(hashRefreshToken(pair.refreshToken));
      expect(record).toMatchObject({ sid: pair.sessionId, userId: 'alice', familyId: expect.any(String) });
      expect(record?.usedAt).toBeUndefined();
      expect(JSON.stringify(record)).not.toContain(pair.refreshToken);
    });

    it('caps the refresh token by the absolute lifetime when it is shorter than the idle timeout would allow', async () => {
      const { sessions } = setup({ sessions: { idleTimeout: 600, absoluteLifetime: 600 } });
      expect((await sessions.open('alice')).refreshExpiresIn).toBe(600);
    });

    it.each([[''], ['system.Everyone'], [42 as unknown as string]])(
      'refuses the user id %p',
      async (userId) => {
        await expect(setup().sessions.open(userId)).rejects.toThrow(TypeError);
      },
    );

    it('refuses claims that are not an object', async () => {
      await expect(setup().sessions.open('alice', { claims: [] as never })).rejects.toThrow(
        /"claims" must be a plain object/,
      );
    });
  });

  describe('refresh', () => {
    it('rotates: a new pair in the same session, with the session claims', async () => {
      const { sessions, clock, claimsOf } = setup();
      const first = await sessions.open('alice', { claims: { name: 'Alice' } });
      clock.advance(60);
      const second = await sessions.refresh(first.refreshToken);
      expect(second.sessionId).toBe(first.sessionId);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(await claimsOf(second)).toMatchObject({ sub: 'alice', sid: first.sessionId, name: 'Alice' });
    });

    it('uses the old refresh token up', async () => {
      const { sessions, store, clock } = setup();
      const first = await sessions.open('alice');
      clock.advance(5);
      await sessions.refresh(first.refreshToken);
      expect((await store.findRefreshToken(hashRefreshToken(first.refreshToken)))?.usedAt).toBe(clock.now());
    });

    it('within the grace period, answers the just-rotated token with a pair in the same session', async () => {
      const { sessions, clock } = setup({ sessions: { reuseGracePeriod: 10 } });
      const first = await sessions.open('alice');
      const second = await sessions.refresh(first.refreshToken);
      clock.advance(9.999);
      const third = await sessions.refresh(first.refreshToken);
      expect(third.sessionId).toBe(first.sessionId);
      expect(third.refreshToken).not.toBe(second.refreshToken);
      expect((await sessions.refresh(second.refreshToken)).sessionId).toBe(first.sessionId);
      expect((await sessions.refresh(third.refreshToken)).sessionId).toBe(first.sessionId);
    });

    describe('a used refresh token presented again after the grace period', () => {
      let context: ReturnType<typeof setup>;
      let first: SessionTokens;
      let second: SessionTokens;
      const events: RefreshTokenReusedEvent[] = [];

      beforeAll(async () => {
        context = setup({ sessions: { reuseGracePeriod: 10 } });
        context.events.on('refreshTokenReused', (event) => events.push(event));
        first = await context.sessions.open('alice');
        second = await context.sessions.refresh(first.refreshToken);
        context.clock.advance(10);
      });

      it('is refused as reused', async () => {
        expect(await refusal(context.sessions.refresh(first.refreshToken))).toBe('refresh_token_reused');
      });

      it('emits refreshTokenReused with the session, user and family', () => {
        expect(events).toEqual([
          {
            sessionId: first.sessionId,
            userId: 'alice',
            familyId: expect.any(String),
            usedAt: START,
            at: START + 10_000,
          },
        ]);
      });

      it('revokes the refresh token the rotation gave', async () => {
        expect(await refusal(context.sessions.refresh(second.refreshToken))).toBe('refresh_token_revoked');
      });

      it('revokes every access token of the session', async () => {
        expect(context.state.isRevoked(await context.claimsOf(first))).toBe(true);
        expect(context.state.isRevoked(await context.claimsOf(second))).toBe(true);
      });
    });

    it('with a grace period of 0, takes any second use for a reuse', async () => {
      const { sessions } = setup({ sessions: { reuseGracePeriod: 0 } });
      const first = await sessions.open('alice');
      await sessions.refresh(first.refreshToken);
      expect(await refusal(sessions.refresh(first.refreshToken))).toBe('refresh_token_reused');
    });

    it('of many parallel refreshes of one token without grace, lets exactly one through', async () => {
      const { sessions } = setup({ sessions: { reuseGracePeriod: 0 } });
      const first = await sessions.open('alice');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => sessions.refresh(first.refreshToken)),
      );
      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(fulfilled).toHaveLength(1);
    });

    it('of many parallel refreshes within the grace period, keeps every pair in the one session, ended by one revocation', async () => {
      const { sessions, state, claimsOf } = setup();
      const first = await sessions.open('alice');
      const pairs = await Promise.all(Array.from({ length: 20 }, () => sessions.refresh(first.refreshToken)));
      expect(new Set(pairs.map((pair) => pair.sessionId))).toEqual(new Set([first.sessionId]));
      await sessions.revokeSession(first.sessionId);
      for (const pair of pairs) {
        expect(state.isRevoked(await claimsOf(pair))).toBe(true);
        expect(await refusal(sessions.refresh(pair.refreshToken))).toBe('refresh_token_revoked');
      }
    });

    it('asks the GroupFinder again: null refuses the refresh and revokes the session', async () => {
      const { sessions, users, state, claimsOf } = setup();
      const first = await sessions.open('alice');
      users.refused.add('alice');
      expect(await refusal(sessions.refresh(first.refreshToken))).toBe('user_unknown');
      expect(state.isRevoked(await claimsOf(first))).toBe(true);
      users.refused.clear();
      expect(await refusal(sessions.refresh(first.refreshToken))).toBe('refresh_token_revoked');
    });

    it('answers user_lookup_failed (503) when the GroupFinder fails, revoking and using up nothing', async () => {
      const { sessions, users, state, claimsOf } = setup();
      const first = await sessions.open('alice');
      users.failing = true;
      const error = (await sessions.refresh(first.refreshToken).catch((e: unknown) => e)) as SessionError;
      expect(error.code).toBe('user_lookup_failed');
      expect(error.getStatus()).toBe(503);
      expect(state.isRevoked(await claimsOf(first))).toBe(false);
      users.failing = false;
      expect((await sessions.refresh(first.refreshToken)).sessionId).toBe(first.sessionId);
    });

    it('refuses a refresh token unused for the idle timeout', async () => {
      const { sessions, clock } = setup({ sessions: { idleTimeout: 3600 } });
      const first = await sessions.open('alice');
      clock.advance(3600);
      expect(await refusal(sessions.refresh(first.refreshToken))).toBe('refresh_token_expired');
    });

    it('keeps an active session up to its absolute lifetime, no further', async () => {
      const { sessions, clock } = setup({ sessions: { idleTimeout: 3600, absoluteLifetime: 4 * 3600 } });
      let pair = await sessions.open('alice');
      for (let refresh = 0; refresh < 4; refresh++) {
        clock.advance(3000);
        pair = await sessions.refresh(pair.refreshToken);
      }
      expect(pair.refreshExpiresIn).toBe(4 * 3600 - 4 * 3000);
      clock.advance(4 * 3600 - 4 * 3000);
      expect(await refusal(sessions.refresh(pair.refreshToken))).toBe('refresh_token_expired');
    });

    it.each([
      ['nothing', undefined],
      ['a number', 42],
      ['an object', { refresh_token: 'x' }],
      ['an empty string', ''],
      ['42 characters', 'a'.repeat(42)],
      ['44 characters', 'a'.repeat(44)],
      ['a character outside base64url', `${'a'.repeat(42)}+`],
      ['a non-ASCII character', `${'a'.repeat(42)}é`],
      ['an unknown token', 'a'.repeat(43)],
    ])('refuses %s as refresh_token_invalid', async (_, token) => {
      expect(await refusal(setup().sessions.refresh(token))).toBe('refresh_token_invalid');
    });

    it('refuses an access token as a refresh token', async () => {
      const { sessions } = setup();
      const pair = await sessions.open('alice');
      expect(await refusal(sessions.refresh(pair.accessToken))).toBe('refresh_token_invalid');
    });

    it('answers a 401 body with the code', async () => {
      const error = (await setup()
        .sessions.refresh('nope')
        .catch((e: unknown) => e)) as SessionError;
      expect(error.getStatus()).toBe(401);
      expect(error.getResponse()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'refresh_token_invalid',
        message: 'The refresh token is invalid',
      });
    });
  });

  describe('a refresh token is never an access token', () => {
    it('is refused by the token service', async () => {
      const { sessions, tokens } = setup();
      const pair = await sessions.open('alice');
      expect(await tokens.tryVerifyToken(pair.refreshToken)).toMatchObject({ code: 'malformed' });
    });
  });

  describe('revokeToken', () => {
    it('revokes an access token given whole, and no other of the session', async () => {
      const { sessions, state, claimsOf, clock } = setup();
      const first = await sessions.open('alice');
      clock.advance(1);
      const second = await sessions.refresh(first.refreshToken);
      expect(await sessions.revokeToken(first.accessToken)).toBe(true);
      expect(state.isRevoked(await claimsOf(first))).toBe(true);
      expect(state.isRevoked(await claimsOf(second))).toBe(false);
    });

    it('revokes an access token by its jti', async () => {
      const { sessions, state, claimsOf } = setup();
      const claims = await claimsOf(await sessions.open('alice'));
      expect(await sessions.revokeToken(claims.jti)).toBe(true);
      expect(state.isRevoked(claims)).toBe(true);
    });

    it('revokes the whole session of a refresh token (RFC 7009 §2.1)', async () => {
      const { sessions, state, claimsOf } = setup();
      const pair = await sessions.open('alice');
      expect(await sessions.revokeToken(pair.refreshToken)).toBe(true);
      expect(state.isRevoked(await claimsOf(pair))).toBe(true);
      expect(await refusal(sessions.refresh(pair.refreshToken))).toBe('refresh_token_revoked');
    });

    it.each([
      ['a number', 42],
      ['an object', { jti: 'x' }],
      ['an empty string', ''],
      ['a JWT that does not verify', 'eyJhbGciOiJIUzUxMiJ9.e30.c2ln'],
      ['an unknown refresh token', 'b'.repeat(43)],
    ])('answers false for %s, revoking nothing', async (_, value) => {
      const { sessions, state } = setup();
      expect(await sessions.revokeToken(value)).toBe(false);
      expect(state.size).toBe(0);
    });

    it('forgets a revoked jti once the token it covers has expired', async () => {
      const { sessions, state, clock } = setup({ expiration: 60 });
      await sessions.revokeToken('some-jti');
      clock.advance(61);
      await sessions.revokeToken('another-jti');
      expect(state.size).toBe(1);
    });
  });

  describe('revokeSession', () => {
    it('revokes the access and refresh tokens of that session only', async () => {
      const { sessions, state, claimsOf } = setup();
      const [mine, other] = [await sessions.open('alice'), await sessions.open('alice')];
      expect(await sessions.revokeSession(mine.sessionId)).toBe(true);
      expect(state.isRevoked(await claimsOf(mine))).toBe(true);
      expect(await refusal(sessions.refresh(mine.refreshToken))).toBe('refresh_token_revoked');
      expect(state.isRevoked(await claimsOf(other))).toBe(false);
      await sessions.refresh(other.refreshToken);
    });

    it('emits tokenRevoked with the revocation', async () => {
      const { sessions, events } = setup();
      const seen: unknown[] = [];
      events.on('tokenRevoked', (event) => seen.push(event));
      await sessions.revokeSession('s1');
      expect(seen).toEqual([
        { revocation: { kind: 'session', sid: 's1', expiresAt: expect.any(Number) }, at: START },
      ]);
    });

    it.each([[42], [''], [null]])('answers false for the sid %p', async (sid) => {
      expect(await setup().sessions.revokeSession(sid)).toBe(false);
    });
  });

  describe('revokeUser', () => {
    it('revokes every session and token of the user issued until now, not those of others', async () => {
      const { sessions, state, claimsOf, tokens } = setup();
      const [a, b, bob] = [
        await sessions.open('alice'),
        await sessions.open('alice'),
        await sessions.open('bob'),
      ];
      const plain = await tokens.verifyToken(await tokens.createToken('alice'));
      expect(await sessions.revokeUser('alice')).toBe(true);
      for (const pair of [a, b]) {
        expect(state.isRevoked(await claimsOf(pair))).toBe(true);
        expect(await refusal(sessions.refresh(pair.refreshToken))).toBe('refresh_token_revoked');
      }
      expect(state.isRevoked(plain)).toBe(true);
      expect(state.isRevoked(await claimsOf(bob))).toBe(false);
    });

    it('accepts a session the user opens right after, within the same second', async () => {
      const { sessions, state, claimsOf, clock } = setup();
      clock.advance(0.2);
      await sessions.revokeUser('alice');
      clock.advance(0.001);
      const pair = await sessions.open('alice');
      expect(state.isRevoked(await claimsOf(pair))).toBe(false);
      await sessions.refresh(pair.refreshToken);
    });
  });

  describe('when the store cannot be reached', () => {
    class UnreachableStore extends MemorySessionStore {
      down = false;
      private check() {
        if (this.down) throw new SessionStoreUnavailableError();
      }
      override async createSession(...args: Parameters<MemorySessionStore['createSession']>) {
        this.check();
        return super.createSession(...args);
      }
      override async findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
        this.check();
        return super.findRefreshToken(hash);
      }
      override async revoke(...args: Parameters<MemorySessionStore['revoke']>) {
        this.check();
        return super.revoke(...args);
      }
    }

    it('answers session_store_unavailable (503) to open, refresh and revoke', async () => {
      const store = new UnreachableStore();
      const { sessions } = setup({}, store);
      const pair = await sessions.open('alice');
      store.down = true;
      expect(await refusal(sessions.open('alice'))).toBe('session_store_unavailable');
      expect(await refusal(sessions.refresh(pair.refreshToken))).toBe('session_store_unavailable');
      expect(await refusal(sessions.revokeSession(pair.sessionId))).toBe('session_store_unavailable');
      const error = await sessions.revokeUser('alice').catch((e: SessionError) => e);
      expect((error as SessionError).getStatus()).toBe(503);
    });

    it('lets anything else a store throws through: a bug is not an outage', async () => {
      const store = new MemorySessionStore();
      store.createSession = () => Promise.reject(new RangeError('bug'));
      await expect(setup({}, store).sessions.open('alice')).rejects.toThrow(RangeError);
    });
  });
});

describe('RevocationState', () => {
  it('loads the revocations in force at start-up and follows the store', async () => {
    const store = new MemorySessionStore();
    await store.revoke({ kind: 'session', sid: 'old', expiresAt: START + 60_000 }, START - 10);
    await store.revoke({ kind: 'session', sid: 'gone', expiresAt: START - 1 }, START - 10);
    const state = new RevocationState(store, resolveJwtAuthOptions({ secret: SECRET, clock: () => START }));
    await state.onModuleInit();
    const claims = (sid: string): VerifiedClaims => ({ sub: 'alice', sid, iat: START / 1000 });
    expect(state.isRevoked(claims('old'))).toBe(true);
    expect(state.isRevoked(claims('gone'))).toBe(false);
    await store.revoke({ kind: 'session', sid: 'new', expiresAt: START + 60_000 }, START);
    expect(state.isRevoked(claims('new'))).toBe(true);
    state.onModuleDestroy();
    await store.revoke({ kind: 'session', sid: 'after', expiresAt: START + 60_000 }, START);
    expect(state.isRevoked(claims('after'))).toBe(false);
  });
});
