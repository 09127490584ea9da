import { Test } from '@nestjs/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JwtAuthModule,
  JwtTokenError,
  JwtTokenService,
  type JwtAlgorithm,
  type JwtAuthOptions,
} from 'nestjs-jwt-permissions';
import { forgeToken, signerFor, withSignature } from './jws-forge';

interface Vector {
  id: string;
  alg: JwtAlgorithm | 'none';
  token: string;
  verification_key_jwk: Record<string, string> | null;
  signing_key_jwk: Record<string, string> | null;
}

const DIRECTORY = join(__dirname, '..', 'fixtures', 'rfc-vectors');
const vectors: Record<string, Vector> = Object.fromEntries(
  readdirSync(DIRECTORY)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const vector = JSON.parse(readFileSync(join(DIRECTORY, name), 'utf8')) as Vector;
      return [vector.id, vector];
    }),
);
// RFC 7515's example tokens expire at 1300819380 (2011-03-22T18:43:00Z): verify them 10 s before.
const BEFORE_EXP = () => 1300819370 * 1000;

/** The service configured, through the public module, with the vector's own verification key. */
async function serviceFor(vector: Vector, extra: JwtAuthOptions = {}): Promise<JwtTokenService> {
  const jwk = vector.verification_key_jwk!;
  const algorithm = vector.alg as JwtAlgorithm;
  const key: JwtAuthOptions = jwk.kty === 'oct' ? { secret: jwk } : { publicKey: jwk };
  const moduleRef = await Test.createTestingModule({
    imports: [JwtAuthModule.forRoot({ algorithm, ...key, globalGuard: false, ...extra })],
  }).compile();
  return moduleRef.get(JwtTokenService);
}

async function refusal(service: JwtTokenService, token: string): Promise<string> {
  const error = await service.verifyToken(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof JwtTokenError)) throw new Error(`expected a JwtTokenError, got ${String(error)}`);
  return error.code;
}

describe('official JWS vectors (RFC 7515, RFC 7520, RFC 8037)', () => {
  it('has every vector the fixtures README lists', () => {
    expect(Object.keys(vectors).sort()).toEqual([
      'rfc7515-A1-HS256',
      'rfc7515-A2-RS256',
      'rfc7515-A3-ES256',
      'rfc7515-A4-ES512',
      'rfc7515-A5-none',
      'rfc7515-E-crit-negative',
      'rfc7520-4.1-RS256',
      'rfc7520-4.2-PS384',
      'rfc7520-4.3-ES512',
      'rfc7520-4.4-HS256',
      'rfc8037-A.4-EdDSA',
    ]);
  });

  describe.each(['rfc7515-A1-HS256', 'rfc7515-A2-RS256', 'rfc7515-A3-ES256'])('%s', (id) => {
    it('verifies with a clock before its exp', async () => {
      const service = await serviceFor(vectors[id], { clock: BEFORE_EXP });
      await expect(service.verifyToken(vectors[id].token)).resolves.toEqual({
        iss: 'joe',
        exp: 1300819380,
        'http://example.com/is_root': true,
      });
    });

    it('refuses it as expired today', async () => {
      expect(await refusal(await serviceFor(vectors[id]), vectors[id].token)).toBe('expired');
    });

    it('refuses it when its issuer is not the configured one', async () => {
      const service = await serviceFor(vectors[id], { clock: BEFORE_EXP, issuer: 'https://not-joe.example' });
      expect(await refusal(service, vectors[id].token)).toBe('issuer_invalid');
    });
  });

  // A valid JWS whose payload is text is not a JWT: the signature passes, then the payload is refused.
  describe.each([
    'rfc7515-A4-ES512',
    'rfc7520-4.1-RS256',
    'rfc7520-4.2-PS384',
    'rfc7520-4.3-ES512',
    'rfc7520-4.4-HS256',
    'rfc8037-A.4-EdDSA',
  ])('%s', (id) => {
    it('refuses its text payload, after its signature verified', async () => {
      expect(await refusal(await serviceFor(vectors[id], { clock: BEFORE_EXP }), vectors[id].token)).toBe(
        'payload_not_object',
      );
    });

    it('refuses it as a bad signature once one signature bit is flipped', async () => {
      const token = vectors[id].token;
      const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
      signature[signature.length - 1] ^= 1;
      expect(
        await refusal(await serviceFor(vectors[id], { clock: BEFORE_EXP }), withSignature(token, signature)),
      ).toBe('signature_invalid');
    });
  });

  it('refuses the unsecured rfc7515-A5 token (alg none, no signature)', async () => {
    const service = await serviceFor(vectors['rfc7515-A1-HS256'], { clock: BEFORE_EXP });
    expect(await refusal(service, vectors['rfc7515-A5-none'].token)).toBe('malformed');
  });

  it('refuses the rfc7515-E crit token', async () => {
    const service = await serviceFor(vectors['rfc7515-A1-HS256'], { clock: BEFORE_EXP });
    expect(await refusal(service, vectors['rfc7515-E-crit-negative'].token)).toBe('malformed');
  });

  it('refuses the rfc7515-E crit header even on a token signed with the configured key', async () => {
    const hs256 = vectors['rfc7515-A1-HS256'];
    const key = Buffer.from(hs256.signing_key_jwk!.k, 'base64url');
    const token = forgeToken(
      { alg: 'HS256', crit: ['http://example.com/UNDEFINED'], 'http://example.com/UNDEFINED': true },
      { iss: 'joe', exp: 1300819380 },
      signerFor('HS256', key),
    );
    expect(await refusal(await serviceFor(hs256, { clock: BEFORE_EXP }), token)).toBe('header_not_allowed');
  });
});
