import { RevocationList } from './revocation.list';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3600_000;

function list(clock = { now: NOW }) {
  return { revocations: new RevocationList(() => clock.now), clock };
}

describe('RevocationList', () => {
  const claims = { sub: 'alice', sid: 's1', jti: 'j1', iat: NOW / 1000 - 10 };

  it('matches nothing when empty', () => {
    expect(list().revocations.isRevoked(claims)).toBe(false);
  });

  it('matches a revoked jti', () => {
    const { revocations } = list();
    revocations.add({ kind: 'token', jti: 'j1', expiresAt: NOW + HOUR });
    expect(revocations.isRevoked(claims)).toBe(true);
    expect(revocations.isRevoked({ ...claims, jti: 'j2' })).toBe(false);
  });

  it('matches a revoked sid', () => {
    const { revocations } = list();
    revocations.add({ kind: 'session', sid: 's1', expiresAt: NOW + HOUR });
    expect(revocations.isRevoked(claims)).toBe(true);
    expect(revocations.isRevoked({ ...claims, sid: 's2' })).toBe(false);
  });

  it('matches a user token issued at or before the cut-off, not after', () => {
    const { revocations } = list();
    revocations.add({ kind: 'user', userId: 'alice', before: NOW, expiresAt: NOW + HOUR });
    expect(revocations.isRevoked({ ...claims, iat: NOW / 1000 })).toBe(true);
    expect(revocations.isRevoked({ ...claims, iat: NOW / 1000 + 1 })).toBe(false);
    expect(revocations.isRevoked({ ...claims, sub: 'bob' })).toBe(false);
  });

  it('within the second of the cut-off, tells tokens issued before from after by the time in their jti', () => {
    const { revocations } = list();
    const cutOff = NOW + 500;
    revocations.add({ kind: 'user', userId: 'alice', before: cutOff, expiresAt: NOW + HOUR });
    const jtiAt = (ms: number) => {
      const bytes = Buffer.alloc(22, 7);
      bytes.writeUIntBE(ms, 0, 6);
      return bytes.toString('base64url');
    };
    const iat = NOW / 1000;
    expect(revocations.isRevoked({ sub: 'alice', iat, jti: jtiAt(cutOff - 1) })).toBe(true);
    expect(revocations.isRevoked({ sub: 'alice', iat, jti: jtiAt(cutOff) })).toBe(true);
    expect(revocations.isRevoked({ sub: 'alice', iat, jti: jtiAt(cutOff + 1) })).toBe(false);
    expect(revocations.isRevoked({ sub: 'alice', iat, jti: 'not-a-timed-jti' })).toBe(true);
    // A jti whose time is not in the second of iat is not believed.
    expect(revocations.isRevoked({ sub: 'alice', iat, jti: jtiAt(cutOff + 5000) })).toBe(true);
  });

  it('counts a user token without iat as issued before the cut-off', () => {
    const { revocations } = list();
    revocations.add({ kind: 'user', userId: 'alice', before: NOW, expiresAt: NOW + HOUR });
    expect(revocations.isRevoked({ sub: 'alice' })).toBe(true);
  });

  it.each([
    ['a jti that is a number', { jti: 1 }],
    ['a sid that is an object', { sid: { toString: () => 's1' } }],
    ['a sub that is an array', { sub: ['alice'] }],
  ])('matches nothing on %s', (_, odd) => {
    const { revocations } = list();
    revocations.add({ kind: 'token', jti: '1', expiresAt: NOW + HOUR });
    revocations.add({ kind: 'session', sid: 's1', expiresAt: NOW + HOUR });
    revocations.add({ kind: 'user', userId: 'alice', before: NOW, expiresAt: NOW + HOUR });
    expect(revocations.isRevoked(odd as never)).toBe(false);
  });

  it('keeps the later cut-off of a user revoked twice, in either order', () => {
    const { revocations } = list();
    revocations.add({ kind: 'user', userId: 'alice', before: NOW, expiresAt: NOW + HOUR });
    revocations.add({ kind: 'user', userId: 'alice', before: NOW - HOUR, expiresAt: NOW + HOUR });
    expect(revocations.isRevoked({ sub: 'alice', iat: NOW / 1000 - 1 })).toBe(true);
  });

  it('ignores a revocation whose tokens have all expired', () => {
    const { revocations } = list();
    revocations.add({ kind: 'token', jti: 'j1', expiresAt: NOW });
    expect(revocations.size).toBe(0);
  });

  it('drops records once the tokens they cover have expired, so memory follows the live tokens', () => {
    const { revocations, clock } = list();
    for (let i = 0; i < 100; i++) revocations.add({ kind: 'token', jti: `j${i}`, expiresAt: NOW + HOUR });
    revocations.add({ kind: 'session', sid: 'long', expiresAt: NOW + 3 * HOUR });
    clock.now += 2 * HOUR;
    revocations.add({ kind: 'token', jti: 'fresh', expiresAt: clock.now + HOUR });
    expect(revocations.size).toBe(2);
  });

  it('drops expired records on sweepExpired(), with no new revocation to trigger it', () => {
    const { revocations, clock } = list();
    revocations.add({ kind: 'token', jti: 'j1', expiresAt: NOW + HOUR });
    clock.now += 2 * HOUR;
    revocations.sweepExpired();
    expect(revocations.size).toBe(0);
  });

  it('replaces everything on replace()', () => {
    const { revocations } = list();
    revocations.add({ kind: 'token', jti: 'j1', expiresAt: NOW + HOUR });
    revocations.replace([{ kind: 'session', sid: 's9', expiresAt: NOW + HOUR }]);
    expect(revocations.isRevoked(claims)).toBe(false);
    expect(revocations.isRevoked({ sid: 's9' })).toBe(true);
  });
});
