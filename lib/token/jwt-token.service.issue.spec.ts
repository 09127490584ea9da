import { testKeyPair } from '../../test/support/test-keys';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtVerifyOnlyError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const SECRET = 'a-64-byte-secret-for-hs512-tokens-in-tests-0123456789abcdefghijk';
const NOW = 1_750_000_000;
const clock = () => NOW * 1000 + 250; // a quarter-second past NOW: iat is whole seconds

function service(options: JwtAuthOptions = {}): JwtTokenService {
  return new JwtTokenService(resolveJwtAuthOptions({ secret: SECRET, clock, ...options }));
}

describe('JwtTokenService.issueToken', () => {
  it('issues a Bearer token that its own service verifies', async () => {
    const tokens = service();
    const issued = await tokens.issueToken('alice', { claims: { name: 'Alice' } });
    expect(issued.tokenType).toBe('Bearer');
    await expect(tokens.verifyToken(issued.accessToken)).resolves.toMatchObject({
      sub: 'alice',
      name: 'Alice',
    });
  });

  it('binds a token to a DPoP key: cnf.jkt, and token type DPoP', async () => {
    const tokens = service();
    const jkt = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
    const issued = await tokens.issueToken('alice', { dpopJkt: jkt, claims: { cnf: { jkt: 'other' } } });
    expect(issued.tokenType).toBe('DPoP');
    await expect(tokens.verifyToken(issued.accessToken)).resolves.toMatchObject({ cnf: { jkt } });
  });

  it('refuses a dpopJkt that is not a SHA-256 thumbprint, pointing to jwkThumbprint()', async () => {
    await expect(service().issueToken('alice', { dpopJkt: 'abc' })).rejects.toThrow(
      /issueToken\(\): "dpopJkt" must be the RFC 7638 SHA-256 thumbprint.*jwkThumbprint\(\)/,
    );
  });

  it('gives the module expiration as expiresIn, and the token exp as expiresAt', async () => {
    const tokens = service({ expiration: 900 });
    const issued = await tokens.issueToken('alice');
    const claims = await tokens.verifyToken(issued.accessToken);
    expect(issued.expiresIn).toBe(900);
    expect(claims.exp! - claims.iat!).toBe(issued.expiresIn);
    expect(issued.expiresAt).toEqual(new Date((NOW + 900) * 1000));
    expect(issued.expiresAt.getTime()).toBe(claims.exp! * 1000);
  });

  it('gives a per-token expiration, in whole seconds as the token holds it', async () => {
    const issued = await service({ expiration: 900 }).issueToken('alice', { expiration: 60.9 });
    expect(issued.expiresIn).toBe(60);
    expect(issued.expiresAt).toEqual(new Date((NOW + 60) * 1000));
  });

  it('signs the same claims createToken would', async () => {
    const tokens = service({
      issuer: 'https://issuer.example',
      audience: 'api',
      defaultClaims: { tenant: 'acme' },
    });
    const created = tokens.decodeToken(await tokens.createToken('bob', { claims: { role: 'editor' } }));
    const issued = tokens.decodeToken(
      (await tokens.issueToken('bob', { claims: { role: 'editor' } })).accessToken,
    );
    // Every token has its own jti, and, with no sid in the claims, its own session id.
    expect(issued).toEqual({ ...created, jti: expect.any(String), sid: expect.any(String) });
    expect(issued!.jti).not.toBe(created!.jti);
  });

  it('refuses on a verify-only service, as createToken does', async () => {
    const { publicKey } = testKeyPair('ed25519-a');
    const verifier = service({ secret: undefined, algorithm: 'EdDSA', publicKey });
    await expect(verifier.issueToken('alice')).rejects.toThrow(JwtVerifyOnlyError);
  });

  it('refuses a system principal, naming issueToken in the message', async () => {
    await expect(service().issueToken('system.Everyone')).rejects.toThrow(
      /^issueToken\(\): the principal must be/,
    );
  });

  it('refuses a non-positive expiration, naming issueToken in the message', async () => {
    await expect(service().issueToken('alice', { expiration: 0 })).rejects.toThrow(
      /^issueToken\(\): "expiration" must be/,
    );
  });
});
