import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenService } from './jwt-token.service';

const tokens = new JwtTokenService(resolveJwtAuthOptions({ secret: 's'.repeat(64) }));

describe('JwtTokenService.createToken session claims', () => {
  it('writes a new 128-bit jti into every token', async () => {
    const [a, b] = await Promise.all([tokens.createToken('alice'), tokens.createToken('alice')]);
    const [ja, jb] = [(await tokens.verifyToken(a)).jti, (await tokens.verifyToken(b)).jti];
    expect(Buffer.from(ja as string, 'base64url')).toHaveLength(16);
    expect(ja).not.toBe(jb);
  });

  it('never takes the jti from the claims', async () => {
    const claims = await tokens.verifyToken(await tokens.createToken('alice', { claims: { jti: 'chosen' } }));
    expect(claims.jti).not.toBe('chosen');
  });

  it('keeps a sid given in the claims', async () => {
    expect((await tokens.verifyToken(await tokens.createToken('alice', { claims: { sid: 'session-1' } }))).sid).toBe('session-1');
  });

  it.each([[''], [42], [null]])('replaces the sid %p with a new one', async (sid) => {
    const claims = await tokens.verifyToken(await tokens.createToken('alice', { claims: { sid } }));
    expect(claims.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
