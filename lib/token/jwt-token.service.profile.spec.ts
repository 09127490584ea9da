import type { KeyObject } from 'node:crypto';
import { forgeToken, signerFor } from '../../test/keys/jws-forge';
import { testKeyPair } from '../../test/support/test-keys';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const ISSUER = 'https://orders.example.com';
const PROVIDER = 'https://sso.example.com/realms/acme';
const rsa = testKeyPair('rsa-2048-a');
const ed = testKeyPair('ed25519-a');
const now = 1_750_000_000_000;
const seconds = Math.floor(now / 1000);

// Every claim RFC 9068 §2.2 requires, for the provider.
const ACCESS_CLAIMS = {
  iss: PROVIDER,
  aud: 'orders-api',
  sub: 'alice',
  client_id: 'web',
  iat: seconds,
  exp: seconds + 300,
  jti: 'j-1',
};

function service(options: JwtAuthOptions): JwtTokenService {
  return new JwtTokenService(resolveJwtAuthOptions({ clock: () => now, ...options }));
}

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

async function outcome(verifier: JwtTokenService, jwt: string): Promise<string> {
  const result = await verifier.tryVerifyToken(jwt);
  return result instanceof JwtTokenError ? result.code : 'accepted';
}

function providerToken(
  header: Record<string, unknown>,
  claims: Record<string, unknown> = ACCESS_CLAIMS,
  key: KeyObject = rsa.privateKey,
): string {
  return forgeToken({ alg: 'RS256', kid: 'kc-1', ...header }, claims, signerFor('RS256', key));
}

describe('RFC 9068 access tokens (profile: at+jwt)', () => {
  describe("of an issuer whose entry sets profile: 'at+jwt'", () => {
    const verifier = service({
      issuers: [
        {
          issuer: PROVIDER,
          audience: 'orders-api',
          keys: [{ kid: 'kc-1', publicKey: rsa.publicKey }],
          profile: 'at+jwt',
        },
        {
          issuer: 'https://legacy.example.com',
          audience: 'orders-api',
          keys: [{ kid: 'legacy', publicKey: rsa.publicKey }],
        },
      ],
    });

    it.each(['at+jwt', 'application/at+jwt', 'AT+JWT', 'Application/At+Jwt'])(
      'accepts typ %s',
      async (typ) => {
        expect(await outcome(verifier, providerToken({ typ }))).toBe('accepted');
      },
    );

    it.each([
      ['JWT, as an ID token of the same provider', 'JWT'],
      ['absent', undefined],
      ['another type', 'dpop+jwt'],
      ['at+jwt with parameters', 'application/at+jwt; charset=utf-8'],
      ['not a string', 1],
    ])('refuses typ %s as token_type_invalid', async (_name, typ) => {
      expect(await outcome(verifier, providerToken({ typ }))).toBe('token_type_invalid');
    });

    it.each(['iss', 'aud', 'sub', 'client_id', 'iat', 'jti'])(
      'refuses an access token without %s',
      async (claim) => {
        const claims: Record<string, unknown> = { ...ACCESS_CLAIMS };
        delete claims[claim];
        // Without iss the token names no issuer at all, so it is refused before its profile is checked.
        expect(await outcome(verifier, providerToken({ typ: 'at+jwt' }, claims))).toBe(
          claim === 'iss' ? 'issuer_invalid' : claim === 'aud' ? 'audience_invalid' : 'claims_invalid',
        );
      },
    );

    it.each([
      ['sub', 42],
      ['client_id', ['web']],
      ['jti', 7],
      ['iat', '1750000000'],
    ])('refuses an access token whose %s is of the wrong type', async (claim, value) => {
      expect(
        await outcome(verifier, providerToken({ typ: 'at+jwt' }, { ...ACCESS_CLAIMS, [claim]: value })),
      ).toBe('claims_invalid');
    });

    it("leaves the other issuers' tokens to their own rules", async () => {
      const legacy = forgeToken(
        { alg: 'RS256', kid: 'legacy', typ: 'JWT' },
        { iss: 'https://legacy.example.com', aud: 'orders-api', sub: 'bob', exp: seconds + 300 },
        signerFor('RS256', rsa.privateKey),
      );
      expect(await outcome(verifier, legacy)).toBe('accepted');
    });
  });

  describe("of the service's own, with the module's profile: 'at+jwt'", () => {
    const own = {
      privateKey: rsa.privateKey,
      algorithm: 'RS256',
      issuer: ISSUER,
      audience: 'orders-api',
      profile: 'at+jwt',
    } as const;

    it('issues tokens with typ at+jwt, a jti of their own and the client_id, and verifies them', async () => {
      const tokens = service({ ...own, defaultClaims: { client_id: 'web' } });
      const first = await tokens.createToken('alice');
      const second = await tokens.createToken('alice', { claims: { client_id: 'mobile' } });
      const { header, payload } = decode(first);
      expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
      expect(payload).toMatchObject({
        iss: ISSUER,
        aud: 'orders-api',
        sub: 'alice',
        client_id: 'web',
        iat: seconds,
        exp: seconds + 3600,
      });
      expect(typeof payload.jti).toBe('string');
      expect(decode(second).payload.jti).not.toBe(payload.jti);
      expect(decode(second).payload.client_id).toBe('mobile');
      expect(await outcome(tokens, first)).toBe('accepted');
    });

    it('writes the typ with EdDSA too', async () => {
      const tokens = service({
        ...own,
        privateKey: ed.privateKey,
        algorithm: 'EdDSA',
        defaultClaims: { client_id: 'web' },
      });
      const token = await tokens.createToken('alice');
      expect(decode(token).header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
      expect(await outcome(tokens, token)).toBe('accepted');
    });

    it('refuses to issue a token without client_id', async () => {
      await expect(service(own).createToken('alice')).rejects.toThrow(
        `createToken(): with profile 'at+jwt', tokens need a "client_id" claim: set it in "defaultClaims" or in this call's claims.`,
      );
    });

    it('refuses its own tokens of the ordinary JWT type once the profile is on', async () => {
      const plain = await service({ ...own, profile: undefined }).createToken('alice', {
        claims: { client_id: 'web', jti: 'x' },
      });
      expect(decode(plain).header.typ).toBe('JWT');
      expect(await outcome(service(own), plain)).toBe('token_type_invalid');
    });

    it('needs issuer and audience at start-up, and refuses another profile', () => {
      expect(() => service({ ...own, issuer: undefined })).toThrow(
        '"profile: \'at+jwt\'" needs "issuer" and "audience"',
      );
      expect(() => service({ ...own, audience: undefined })).toThrow(
        '"profile: \'at+jwt\'" needs "issuer" and "audience"',
      );
      expect(() => service({ ...own, profile: 'jwt' as never })).toThrow(
        `"profile" must be 'at+jwt' (RFC 9068 access tokens), or left out; got "jwt".`,
      );
    });
  });
});
