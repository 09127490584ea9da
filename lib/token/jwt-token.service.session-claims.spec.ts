import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenService } from './jwt-token.service';

const tokens = new JwtTokenService(resolveJwtAuthOptions({ secret: 's'.repeat(64) }));

describe('JwtTokenService.createToken session claims', () => {
  it('writes a new jti into every token: the time of issue, then 128 random bits', async () => {
    const before = Date.now();
    const [a, b] = await Promise.all([tokens.createToken('alice'), tokens.createToken('alice')]);
    const [ja, jb] = [(await tokens.verifyToken(a)).jti, (await tokens.verifyToken(b)).jti];
    const bytes = Buffer.from(ja as string, 'base64url');
    expect(bytes).toHaveLength(22);
    expect(bytes.readUIntBE(0, 6)).toBeGreaterThanOrEqual(before);
    expect(bytes.readUIntBE(0, 6)).toBeLessThanOrEqual(Date.now());
    expect(ja).not.toBe(jb);
  });

  it('never takes the jti from the claims', async () => {
    const claims = await tokens.verifyToken(await tokens.createToken('alice', { claims: { jti: 'chosen' } }));
    expect(claims.jti).not.toBe('chosen');
  });

  it('keeps a sid given in the claims', async () => {
    expect(
      (await tokens.verifyToken(await tokens.createToken('alice', { claims: { sid: 'session-1' } }))).sid,
    ).toBe('session-1');
  });

  it.each([[''], [42], [null]])('replaces the sid %p with a new one', async (sid) => {
    const claims = await tokens.verifyToken(await tokens.createToken('alice', { claims: { sid } }));
    expect(claims.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
