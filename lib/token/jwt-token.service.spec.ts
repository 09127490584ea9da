import { createSecretKey } from 'node:crypto';
import { testKeyPair } from '../../test/support/test-keys';
import { forgeToken, nowSeconds } from '../../test/support/forge-token';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const SECRET = 'a-64-byte-secret-for-hs512-tokens-in-tests-0123456789abcdefghijk';

function service(options: JwtAuthOptions = {}): JwtTokenService {
  return new JwtTokenService(resolveJwtAuthOptions({ secret: SECRET, ...options }));
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtTokenError);
  return (error as JwtTokenError).code;
}

const valid = () => ({ sub: 'alice', iat: nowSeconds(), exp: nowSeconds() + 60 });

describe('JwtTokenService', () => {
  describe('createToken / verifyToken round trip (pyramid_jwt test_minimal_roundtrip)', () => {
    it('verifies its own token and returns sub, iat and exp', async () => {
      const tokens = service();
      const claims = await tokens.verifyToken(await tokens.createToken('alice'));
      expect(claims.sub).toBe('alice');
      expect(claims.exp! - claims.iat!).toBe(3600);
    });

    it('signs with HS512 by default, as pyramid_jwt', async () => {
      const token = await service().createToken('alice');
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
        alg: 'HS512',
        typ: 'JWT',
      });
    });

    it.each(['HS256', 'HS384', 'HS512'] as const)('round-trips with %s', async (algorithm) => {
      const tokens = service({ algorithm });
      expect((await tokens.verifyToken(await tokens.createToken('bob'))).sub).toBe('bob');
    });

    it('accepts a KeyObject secret', async () => {
      const tokens = service({ secret: createSecretKey(Buffer.alloc(64, 7)) });
      expect((await tokens.verifyToken(await tokens.createToken('bob'))).sub).toBe('bob');
    });
  });

  describe('claims (pyramid_jwt test_extra_claims, test_default_claims)', () => {
    it('copies default claims, then extra claims, into the token', async () => {
      const tokens = service({ defaultClaims: { tenant: 'acme', role: 'default' } });
      const claims = await tokens.verifyToken(
        await tokens.createToken('alice', { claims: { role: 'editor', email: 'a@x' } }),
      );
      expect(claims).toMatchObject({ tenant: 'acme', role: 'editor', email: 'a@x', sub: 'alice' });
    });

    it('never lets extra claims override sub, iat or exp', async () => {
      const tokens = service();
      const claims = await tokens.verifyToken(
        await tokens.createToken('alice', { claims: { sub: 'mallory', exp: 1e12, iat: 1 } }),
      );
      expect(claims.sub).toBe('alice');
      expect(claims.exp! - claims.iat!).toBe(3600);
    });

    it('writes the configured issuer', async () => {
      const tokens = service({ issuer: 'https://issuer.example' });
      expect((await tokens.verifyToken(await tokens.createToken('alice'))).iss).toBe(
        'https://issuer.example',
      );
    });

    it('uses a per-token expiration (pyramid_jwt test_dynamic_expiration)', async () => {
      const tokens = service();
      const claims = await tokens.verifyToken(await tokens.createToken('alice', { expiration: 5 }));
      expect(claims.exp! - claims.iat!).toBe(5);
    });

    it('refuses to create a token for an empty or system principal', async () => {
      await expect(service().createToken('')).rejects.toThrow(TypeError);
      await expect(service().createToken('system.Authenticated')).rejects.toThrow(TypeError);
    });

    it('refuses a non-positive per-token expiration', async () => {
      await expect(service().createToken('alice', { expiration: 0 })).rejects.toThrow(RangeError);
    });
  });

  describe('audience (pyramid_jwt test_audience_valid / test_audience_invalid)', () => {
    it('accepts a token for the configured audience', async () => {
      const tokens = service({ audience: 'example.org' });
      expect((await tokens.verifyToken(await tokens.createToken('alice'))).aud).toBe('example.org');
    });

    it('refuses a token for another audience', async () => {
      const tokens = service({ audience: 'example.org' });
      expect(
        await refusal(tokens.verifyToken(await tokens.createToken('alice', { audience: 'example.com' }))),
      ).toBe('audience_invalid');
    });

    it('refuses a token that names an audience when none is configured', async () => {
      const token = await service({ audience: 'example.org' }).createToken('alice');
      expect(await refusal(service().verifyToken(token))).toBe('audience_invalid');
    });

    it('refuses a token from another issuer', async () => {
      const token = await service({ issuer: 'https://evil.example' }).createToken('alice');
      expect(await refusal(service({ issuer: 'https://issuer.example' }).verifyToken(token))).toBe(
        'issuer_invalid',
      );
    });
  });

  describe('time', () => {
    it('refuses an expired token (pyramid_jwt test_expired_token)', async () => {
      const token = await service({ expiration: 10, clock: () => Date.now() - 11_000 }).createToken('alice');
      expect(await refusal(service().verifyToken(token))).toBe('expired');
    });

    it('accepts an expired token within the leeway', async () => {
      const token = await service({ expiration: 10, clock: () => Date.now() - 15_000 }).createToken('alice');
      expect((await service({ leeway: 10 }).verifyToken(token)).sub).toBe('alice');
    });

    it('refuses a token without exp', async () => {
      const { exp, ...noExp } = valid();
      expect(await refusal(service().verifyToken(forgeToken({ alg: 'HS512' }, noExp, SECRET)))).toBe(
        'expiration_missing',
      );
    });

    it('refuses a token whose exp is 1e999 (Infinity once parsed)', async () => {
      const payload = `{"sub":"alice","exp":1e999}`;
      expect(await refusal(service().verifyToken(forgeToken({ alg: 'HS512' }, payload, SECRET)))).toBe(
        'expiration_missing',
      );
    });

    it('refuses a token whose exp is a string', async () => {
      const token = forgeToken({ alg: 'HS512' }, { ...valid(), exp: String(nowSeconds() + 60) }, SECRET);
      expect(await refusal(service().verifyToken(token))).toBe('expiration_missing');
    });

    it('refuses a token issued in the future', async () => {
      const token = forgeToken({ alg: 'HS512' }, { ...valid(), iat: nowSeconds() + 120 }, SECRET);
      expect(await refusal(service().verifyToken(token))).toBe('issued_in_future');
    });

    it('accepts a token issued slightly in the future within the leeway', async () => {
      const token = forgeToken({ alg: 'HS512' }, { ...valid(), iat: nowSeconds() + 5 }, SECRET);
      expect((await service({ leeway: 10 }).verifyToken(token)).sub).toBe('alice');
    });

    it('refuses a token before its nbf', async () => {
      const token = forgeToken({ alg: 'HS512' }, { ...valid(), nbf: nowSeconds() + 120 }, SECRET);
      expect(await refusal(service().verifyToken(token))).toBe('not_yet_valid');
    });

    it('accepts a token after its nbf', async () => {
      const token = forgeToken({ alg: 'HS512' }, { ...valid(), nbf: nowSeconds() - 1 }, SECRET);
      expect((await service().verifyToken(token)).sub).toBe('alice');
    });

    it('reads the time from the clock option', async () => {
      const at2011 = () => 1300819370 * 1000;
      const tokens = service({ clock: at2011 });
      const claims = await tokens.verifyToken(await tokens.createToken('alice'));
      expect(claims.iat).toBe(1300819370);
    });
  });

  describe('strictness (RFC 8725)', () => {
    it('refuses alg none', async () => {
      const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(valid())).toString('base64url')}.`;
      expect(await refusal(service().verifyToken(token))).toBe('malformed');
    });

    it('refuses alg none even with a signature segment', async () => {
      const token = forgeToken({ alg: 'none' }, valid(), SECRET, 'HS512');
      expect(await refusal(service().verifyToken(token))).toBe('algorithm_not_allowed');
    });

    it('refuses a token signed with another algorithm than the configured one', async () => {
      const token = forgeToken({ alg: 'HS256' }, valid(), SECRET);
      expect(await refusal(service().verifyToken(token))).toBe('algorithm_not_allowed');
    });

    it('refuses a tampered payload', async () => {
      const [header, , signature] = (await service().createToken('alice')).split('.');
      const payload = Buffer.from(JSON.stringify({ ...valid(), sub: 'admin' })).toString('base64url');
      expect(await refusal(service().verifyToken(`${header}.${payload}.${signature}`))).toBe(
        'signature_invalid',
      );
    });

    it('refuses a tampered signature', async () => {
      const token = await service().createToken('alice');
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      expect(await refusal(service().verifyToken(token.slice(0, -1) + last))).toBe('signature_invalid');
    });

    it('refuses the right signature spelled in a non-canonical base64url form', async () => {
      // An HS512 signature is 86 characters, the last carrying 2 bits: its 4 low bits are unused,
      // so another last character decodes to the same bytes. Only the canonical spelling is valid.
      const token = await service().createToken('alice');
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const variant = alphabet[alphabet.indexOf(token.at(-1)!) ^ 1];
      const respelled = token.slice(0, -1) + variant;
      const signatureOf = (jwt: string) => Buffer.from(jwt.slice(jwt.lastIndexOf('.') + 1), 'base64url');
      expect(signatureOf(respelled)).toEqual(signatureOf(token));
      expect(await refusal(service().verifyToken(respelled))).toBe('signature_invalid');
    });

    it.each([
      ['truncated', (token: string) => token.slice(0, -2)],
      ['extended', (token: string) => `${token}AA`],
    ])('refuses a %s signature', async (_, change) => {
      expect(await refusal(service().verifyToken(change(await service().createToken('alice'))))).toBe(
        'signature_invalid',
      );
    });

    it('refuses a token signed with another key', async () => {
      const token = await service({ secret: 'z'.repeat(64) }).createToken('alice');
      expect(await refusal(service().verifyToken(token))).toBe('signature_invalid');
    });

    it('refuses a token HMAC-ed with an empty key', async () => {
      expect(
        await refusal(service().verifyToken(forgeToken({ alg: 'HS512' }, valid(), Buffer.alloc(0)))),
      ).toBe('signature_invalid');
    });

    it.each([
      ['a string', '"alice"'],
      ['an array', JSON.stringify([valid()])],
      ['a number', '42'],
      ['null', 'null'],
      ['plain text', 'Payload'],
    ])('refuses a token whose payload is %s', async (_, payload) => {
      expect(await refusal(service().verifyToken(forgeToken({ alg: 'HS512' }, payload, SECRET)))).toBe(
        'payload_not_object',
      );
    });

    it.each(['crit', 'jwk', 'jku', 'x5u', 'x5c', 'zip'])('refuses a token with a %s header', async (name) => {
      const token = forgeToken({ alg: 'HS512', [name]: name === 'crit' ? ['exp'] : 'x' }, valid(), SECRET);
      expect(await refusal(service().verifyToken(token))).toBe('header_not_allowed');
    });

    it('refuses a token longer than maxTokenLength before decoding it', async () => {
      const token = await service().createToken('alice', { claims: { padding: 'x'.repeat(9000) } });
      expect(await refusal(service().verifyToken(token))).toBe('too_large');
      expect((await service({ maxTokenLength: 20_000 }).verifyToken(token)).sub).toBe('alice');
    });

    it.each([
      ['two segments', 'abc.def'],
      ['four segments', 'a.b.c.d'],
      ['non-base64url characters', 'a+b.c/d.e=f'],
      ['an empty string', ''],
      ['a header that is not JSON', `${Buffer.from('{alg').toString('base64url')}.e30.c2ln`],
      ['a header that is an array', `${Buffer.from('["HS512"]').toString('base64url')}.e30.c2ln`],
    ])('refuses a token with %s as malformed', async (_, token) => {
      expect(await refusal(service().verifyToken(token))).toBe('malformed');
    });

    it('refuses a non-string token as malformed', async () => {
      expect(await refusal(service().verifyToken(42 as unknown as string))).toBe('malformed');
    });

    it('gives a fixed message that never echoes the token or the library', async () => {
      const error = (await service()
        .verifyToken('abc.def')
        .catch((e: unknown) => e)) as JwtTokenError;
      expect(error.message).toBe('The token is not a well-formed JWS compact serialization');
    });
  });

  describe('headers seen before', () => {
    it('refuses a header each time it comes, never remembering a refusal', async () => {
      const tokens = service();
      const token = forgeToken({ alg: 'HS512', jku: 'https://attacker.example/keys' }, valid(), SECRET);
      expect(await refusal(tokens.verifyToken(token))).toBe('header_not_allowed');
      expect(await refusal(tokens.verifyToken(token))).toBe('header_not_allowed');
    });

    it('still checks the signature of a token whose header passed before', async () => {
      const tokens = service({ tokenCache: false });
      await tokens.verifyToken(forgeToken({ alg: 'HS512', typ: 'JWT' }, valid(), SECRET));
      const forged = forgeToken({ alg: 'HS512', typ: 'JWT' }, valid(), `${SECRET}-not-the-secret`);
      expect(await refusal(tokens.verifyToken(forged))).toBe('signature_invalid');
    });

    it('keeps at most 64 of them, whatever the headers that arrive', async () => {
      const tokens = service({
        tokenCache: false,
        keys: [{ kid: 'k', secret: SECRET }] as never,
        secret: undefined,
      });
      for (let i = 0; i < 200; i++)
        await refusal(tokens.verifyToken(forgeToken({ alg: 'HS512', kid: `kid-${i}` }, valid(), SECRET)));
      expect((tokens as unknown as { headers: Map<string, unknown> }).headers.size).toBeLessThanOrEqual(64);
      await expect(
        tokens.verifyToken(forgeToken({ alg: 'HS512', kid: 'k' }, valid(), SECRET)),
      ).resolves.toMatchObject({ sub: 'alice' });
    });
  });

  describe('tryVerifyToken', () => {
    it('answers at once with a configured key, with the claims, from the pipeline and from the cache', async () => {
      const tokens = service();
      const token = await tokens.createToken('alice');
      for (let i = 0; i < 2; i++) expect(tokens.tryVerifyToken(token)).toMatchObject({ sub: 'alice' });
      const uncached = service({ tokenCache: false });
      expect(uncached.tryVerifyToken(token)).toMatchObject({ sub: 'alice' });
    });

    it('returns a refusal as its value instead of throwing it', async () => {
      const tokens = service();
      const expired = forgeToken({ alg: 'HS512' }, { sub: 'alice', exp: nowSeconds() - 60 }, SECRET);
      for (const [token, code] of [
        ['a.b.c', 'malformed'],
        [expired, 'expired'],
        [42, 'malformed'],
      ] as const) {
        const outcome = tokens.tryVerifyToken(token as string);
        expect(outcome).toBeInstanceOf(JwtTokenError);
        expect((outcome as JwtTokenError).code).toBe(code);
      }
    });

    it('lets verifyToken reject with the same refusal', async () => {
      expect(await refusal(service().verifyToken('a.b.c'))).toBe('malformed');
    });
  });

  describe('decodeToken', () => {
    it('returns the claims without verifying the signature', async () => {
      const token = await service({ secret: 'q'.repeat(64) }).createToken('alice');
      expect(service().decodeToken(token)?.sub).toBe('alice');
    });

    it('returns null for garbage and for non-object payloads', () => {
      expect(service().decodeToken('garbage')).toBeNull();
      expect(service().decodeToken(forgeToken({ alg: 'HS512' }, '"text"', SECRET))).toBeNull();
    });
  });

  it('refuses an asymmetric key as an HMAC secret at start-up', () => {
    const { publicKey } = testKeyPair('ed25519-a');
    expect(() => service({ secret: publicKey })).toThrow(/public key.*symmetric secret/);
  });
});
