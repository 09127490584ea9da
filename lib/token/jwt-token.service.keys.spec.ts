import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { testKeyPair } from '../../test/support/test-keys';
import { forgeToken, signerFor, withSignature } from '../../test/keys/jws-forge';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import { JwtTokenError, JwtVerifyOnlyError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const NOW = 1_750_000_000;
const clock = () => NOW * 1000;
const rsa = testKeyPair('rsa-2048-a');
const otherRsa = testKeyPair('rsa-2048-b');
const ec = { ES256: testKeyPair('ec-p256'), ES384: testKeyPair('ec-p384'), ES512: testKeyPair('ec-p521') };
const ed25519 = testKeyPair('ed25519-a');
const otherEd25519 = testKeyPair('ed25519-b');
const hmac = { HS256: randomBytes(32), HS384: randomBytes(48), HS512: randomBytes(64) };
const ORDERS = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  ES384: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  ES512:
    0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};
const SCALAR_BYTES = { ES256: 32, ES384: 48, ES512: 66 };

/** The key options and raw signing key for `algorithm`. */
function keyFor(algorithm: JwtAlgorithm): { options: JwtAuthOptions; signingKey: KeyObject | Buffer } {
  if (algorithm.startsWith('HS')) {
    const secret = hmac[algorithm as keyof typeof hmac];
    return { options: { algorithm, secret }, signingKey: secret };
  }
  const pair =
    algorithm === 'EdDSA' ? ed25519 : algorithm.startsWith('ES') ? ec[algorithm as keyof typeof ec] : rsa;
  return { options: { algorithm, privateKey: pair.privateKey }, signingKey: pair.privateKey };
}

function serviceWith(options: JwtAuthOptions): JwtTokenService {
  return new JwtTokenService(resolveJwtAuthOptions({ clock, ...options }));
}

async function refusal(service: JwtTokenService, token: unknown): Promise<string> {
  const error = await service.verifyToken(token as string).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof JwtTokenError)) throw new Error(`expected a JwtTokenError, got ${String(error)}`);
  return error.code;
}

const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'alice', iat: NOW, exp: NOW + 60, ...extra });
const ALL: JwtAlgorithm[] = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

describe('JwtTokenService keys', () => {
  describe('each algorithm', () => {
    it.each(ALL)('verifies a token it signed with %s', async (algorithm) => {
      const service = serviceWith(keyFor(algorithm).options);
      const token = await service.createToken('alice');
      await expect(service.verifyToken(token)).resolves.toMatchObject({ sub: 'alice', exp: NOW + 3600 });
    });

    it.each(ALL)('verifies a %s token signed elsewhere by the same key', async (algorithm) => {
      const { options, signingKey } = keyFor(algorithm);
      const service = serviceWith(options);
      const token = forgeToken({ alg: algorithm, typ: 'JWT' }, claims(), signerFor(algorithm, signingKey));
      await expect(service.verifyToken(token)).resolves.toMatchObject({ sub: 'alice' });
    });

    it.each(ALL)('refuses a %s token whose payload was changed after signing', async (algorithm) => {
      const service = serviceWith(keyFor(algorithm).options);
      const [header, , signature] = (await service.createToken('alice')).split('.');
      const forged = `${header}.${Buffer.from(JSON.stringify(claims({ sub: 'mallory' }))).toString('base64url')}.${signature}`;
      expect(await refusal(service, forged)).toBe('signature_invalid');
    });

    it("writes the key's thumbprint as kid into asymmetric tokens", async () => {
      const service = serviceWith({ algorithm: 'EdDSA', privateKey: ed25519.privateKey });
      const token = await service.createToken('alice');
      const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
      expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: service.getJwks().keys[0].kid });
    });

    it('writes no kid into tokens of a single HMAC secret', async () => {
      const token = await serviceWith({ secret: hmac.HS512 }).createToken('alice');
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
        alg: 'HS512',
        typ: 'JWT',
      });
    });
  });

  describe('verify-only', () => {
    const signer = () => serviceWith({ algorithm: 'RS256', privateKey: rsa.privateKey });
    const verifier = () => serviceWith({ algorithm: 'RS256', publicKey: rsa.publicKey });

    it('verifies the tokens of the service that holds the private key', async () => {
      await expect(verifier().verifyToken(await signer().createToken('alice'))).resolves.toMatchObject({
        sub: 'alice',
      });
    });

    it('refuses to create a token, saying it is verify-only', async () => {
      await expect(verifier().createToken('alice')).rejects.toThrow(JwtVerifyOnlyError);
      await expect(verifier().createToken('alice')).rejects.toThrow(/verify-only.*Configure "privateKey"/);
    });

    it('verifies with the JWK the signer publishes', async () => {
      const publisher = signer();
      const consumer = serviceWith({ algorithm: 'RS256', publicKey: publisher.getJwks().keys[0] });
      await expect(consumer.verifyToken(await publisher.createToken('alice'))).resolves.toMatchObject({
        sub: 'alice',
      });
    });
  });

  describe('rotation by kid', () => {
    const before = () =>
      serviceWith({ keys: [{ kid: '2024', algorithm: 'RS256', privateKey: rsa.privateKey }] });
    const after = () =>
      serviceWith({
        keys: [
          { kid: '2025', algorithm: 'EdDSA', privateKey: ed25519.privateKey },
          { kid: '2024', algorithm: 'RS256', publicKey: rsa.publicKey },
        ],
        signingKeyId: '2025',
      });

    it("writes the signing key's kid into the token", async () => {
      const token = await after().createToken('alice');
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({
        alg: 'EdDSA',
        kid: '2025',
      });
    });

    it('still verifies a token of the previous key, kept for verification', async () => {
      await expect(after().verifyToken(await before().createToken('alice'))).resolves.toMatchObject({
        sub: 'alice',
      });
    });

    it('refuses a token of a key that has been removed', async () => {
      const retired = serviceWith({
        keys: [{ kid: '2023', algorithm: 'EdDSA', privateKey: otherEd25519.privateKey }],
      });
      expect(await refusal(after(), await retired.createToken('alice'))).toBe('key_unknown');
    });

    it('refuses a token whose kid is not configured', async () => {
      const token = forgeToken(
        { alg: 'EdDSA', kid: '2026' },
        claims(),
        signerFor('EdDSA', ed25519.privateKey),
      );
      expect(await refusal(after(), token)).toBe('key_unknown');
    });

    it('refuses it at once, without a promise, when there is no jwksUri to fetch the key from', () => {
      const token = forgeToken(
        { alg: 'EdDSA', kid: '2026' },
        claims(),
        signerFor('EdDSA', ed25519.privateKey),
      );
      expect(after().tryVerifyToken(token)).toMatchObject({ code: 'key_unknown' });
    });

    it('refuses a token that names a key configured for another algorithm', async () => {
      const token = forgeToken(
        { alg: 'EdDSA', kid: '2024' },
        claims(),
        signerFor('EdDSA', ed25519.privateKey),
      );
      expect(await refusal(after(), token)).toBe('key_unknown');
    });

    it('verifies a token without kid when exactly one key fits its algorithm', async () => {
      const token = forgeToken({ alg: 'RS256' }, claims(), signerFor('RS256', rsa.privateKey));
      await expect(after().verifyToken(token)).resolves.toMatchObject({ sub: 'alice' });
    });

    it('refuses a token without kid when several keys fit its algorithm', async () => {
      const service = serviceWith({
        keys: [
          { kid: 'a', algorithm: 'EdDSA', privateKey: ed25519.privateKey },
          { kid: 'b', algorithm: 'EdDSA', publicKey: otherEd25519.publicKey },
        ],
      });
      const token = forgeToken({ alg: 'EdDSA' }, claims(), signerFor('EdDSA', ed25519.privateKey));
      expect(await refusal(service, token)).toBe('key_unknown');
    });

    it("refuses a token whose kid differs from a single key's", async () => {
      const service = serviceWith({ algorithm: 'EdDSA', privateKey: ed25519.privateKey });
      const token = forgeToken(
        { alg: 'EdDSA', kid: 'someone-else' },
        claims(),
        signerFor('EdDSA', ed25519.privateKey),
      );
      expect(await refusal(service, token)).toBe('key_unknown');
    });

    it('never changes the key set generation of configured keys', () => {
      expect(after().keySetGeneration).toBe(0);
    });
  });

  describe('bad input', () => {
    it('refuses a token signed with the right key but another algorithm', async () => {
      const service = serviceWith({ algorithm: 'RS256', publicKey: rsa.publicKey });
      const token = forgeToken({ alg: 'PS256' }, claims(), signerFor('PS256', rsa.privateKey));
      expect(await refusal(service, token)).toBe('algorithm_not_allowed');
    });

    it("refuses a token signed with the right key under another allowed algorithm than the key's", async () => {
      const service = serviceWith({
        keys: [
          { kid: 'rs', algorithm: 'RS256', publicKey: rsa.publicKey },
          { kid: 'ps', algorithm: 'PS256', publicKey: otherRsa.publicKey },
        ],
      });
      const token = forgeToken({ alg: 'PS256', kid: 'rs' }, claims(), signerFor('PS256', rsa.privateKey));
      expect(await refusal(service, token)).toBe('key_unknown');
    });

    it("refuses an HS256 token keyed with the service's public key", async () => {
      const publicPem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const token = forgeToken({ alg: 'HS256' }, claims(), signerFor('HS256', Buffer.from(publicPem)));
      expect(await refusal(serviceWith({ algorithm: 'RS256', publicKey: publicPem }), token)).toBe(
        'algorithm_not_allowed',
      );
    });

    it('refuses an HS256 token keyed with a public key, even when HS256 is allowed for another key', async () => {
      const publicPem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const service = serviceWith({
        keys: [
          { kid: 'hmac', algorithm: 'HS256', secret: hmac.HS256 },
          { kid: 'rsa', algorithm: 'RS256', publicKey: publicPem },
        ],
        signingKeyId: 'hmac',
      });
      const token = forgeToken(
        { alg: 'HS256', kid: 'rsa' },
        claims(),
        signerFor('HS256', Buffer.from(publicPem)),
      );
      expect(await refusal(service, token)).toBe('key_unknown');
    });

    describe.each(['ES256', 'ES384', 'ES512'] as const)('%s signatures', (algorithm) => {
      const service = () => serviceWith({ algorithm, publicKey: ec[algorithm].publicKey });
      const size = SCALAR_BYTES[algorithm];
      const scalar = (value: bigint) => Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
      const valid = () =>
        forgeToken({ alg: algorithm }, claims(), signerFor(algorithm, ec[algorithm].privateKey));

      it('accepts the fixed-length r || s form', async () => {
        await expect(service().verifyToken(valid())).resolves.toMatchObject({ sub: 'alice' });
      });

      it('refuses a psychic signature (r = s = 0)', async () => {
        expect(await refusal(service(), withSignature(valid(), Buffer.alloc(2 * size)))).toBe(
          'signature_invalid',
        );
      });

      it('refuses a signature whose r or s is the group order', async () => {
        const n = ORDERS[algorithm];
        expect(await refusal(service(), withSignature(valid(), Buffer.concat([scalar(n), scalar(1n)])))).toBe(
          'signature_invalid',
        );
        expect(await refusal(service(), withSignature(valid(), Buffer.concat([scalar(1n), scalar(n)])))).toBe(
          'signature_invalid',
        );
      });

      it('refuses a DER-encoded signature of the right key', async () => {
        const token = valid();
        const signingInput = token.slice(0, token.lastIndexOf('.'));
        const der = sign(`sha${algorithm.slice(2)}`, Buffer.from(signingInput), {
          key: ec[algorithm].privateKey,
          dsaEncoding: 'der',
        });
        expect(await refusal(service(), withSignature(token, der))).toBe('signature_invalid');
      });
    });

    it('refuses an EdDSA signature of the wrong length', async () => {
      const service = serviceWith({ algorithm: 'EdDSA', publicKey: ed25519.publicKey });
      const token = forgeToken({ alg: 'EdDSA' }, claims(), signerFor('EdDSA', ed25519.privateKey));
      expect(await refusal(service, withSignature(token, Buffer.alloc(63, 1)))).toBe('signature_invalid');
    });

    it.each(['jwk', 'jku', 'x5u', 'x5c', 'crit'])(
      'refuses a token with an embedded "%s" header',
      async (name) => {
        const service = serviceWith({ algorithm: 'EdDSA', privateKey: ed25519.privateKey });
        const value =
          name === 'jwk'
            ? ed25519.publicKey.export({ format: 'jwk' })
            : name === 'crit'
              ? ['exp']
              : 'https://attacker.example/keys';
        const token = forgeToken(
          { alg: 'EdDSA', [name]: value },
          claims(),
          signerFor('EdDSA', ed25519.privateKey),
        );
        expect(await refusal(service, token)).toBe('header_not_allowed');
      },
    );

    it.each([
      ['path traversal', '../../../../etc/passwd'],
      ['a URL', 'https://attacker.example/jwks.json'],
      ['SQL injection', "' OR '1'='1"],
      ['a prototype key', '__proto__'],
      ['a NUL byte', 'k\u0000id'],
    ])('refuses a kid that tries %s', async (_, kid) => {
      const service = serviceWith({ keys: [{ kid: 'main', algorithm: 'HS256', secret: hmac.HS256 }] });
      const token = forgeToken({ alg: 'HS256', kid }, claims(), signerFor('HS256', hmac.HS256));
      expect(await refusal(service, token)).toBe('key_unknown');
    });

    it('refuses a kid that is not a string', async () => {
      const service = serviceWith({ keys: [{ kid: 'main', algorithm: 'HS256', secret: hmac.HS256 }] });
      const token = forgeToken(
        { alg: 'HS256', kid: { $ne: null } },
        claims(),
        signerFor('HS256', hmac.HS256),
      );
      expect(await refusal(service, token)).toBe('malformed');
    });

    it.each([
      ['not a string', 42],
      ['two segments', 'a.b'],
      ['an empty signature', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.'],
      ['a header that is JSON null', `${Buffer.from('null').toString('base64url')}.e30.c2ln`],
      ['a header that is not JSON', 'bm90IGpzb24.e30.c2ln'],
    ])('refuses a token that is %s as malformed', async (_, token) => {
      expect(await refusal(serviceWith({ secret: hmac.HS512 }), token)).toBe('malformed');
    });

    it('refuses alg "none" with a signature', async () => {
      const token = forgeToken({ alg: 'none' }, claims(), () => Buffer.from('x'));
      expect(await refusal(serviceWith({ secret: hmac.HS512 }), token)).toBe('algorithm_not_allowed');
    });
  });

  // The claims step is ours: it must hold the same whether jsonwebtoken or node:crypto checked the signature.
  describe.each(['HS256', 'ES256', 'EdDSA'] as const)('payload and claims of %s tokens', (algorithm) => {
    const { options, signingKey } = keyFor(algorithm);
    const service = (extra: JwtAuthOptions = {}) => serviceWith({ ...options, ...extra });
    const token = (payload: unknown) =>
      forgeToken({ alg: algorithm }, payload, signerFor(algorithm, signingKey));

    it('refuses a text payload', async () => {
      expect(await refusal(service(), token('Payload'))).toBe('payload_not_object');
    });

    it('refuses a payload that is an array', async () => {
      expect(await refusal(service(), token([claims()]))).toBe('payload_not_object');
    });

    it('refuses a payload that is a number', async () => {
      expect(await refusal(service(), token('42'))).toBe('payload_not_object');
    });

    it('refuses a token without exp', async () => {
      expect(await refusal(service(), token({ sub: 'alice' }))).toBe('expiration_missing');
    });

    it('refuses an exp of 1e999, which JSON reads as Infinity', async () => {
      expect(await refusal(service(), token('{"sub":"alice","exp":1e999}'))).toBe('expiration_missing');
    });

    it('refuses an exp that is text', async () => {
      expect(await refusal(service(), token(claims({ exp: String(NOW + 60) })))).toBe('expiration_missing');
    });

    it('refuses an expired token', async () => {
      expect(await refusal(service(), token(claims({ exp: NOW })))).toBe('expired');
    });

    it('accepts an expired token within the leeway', async () => {
      await expect(
        service({ leeway: 30 }).verifyToken(token(claims({ exp: NOW - 10 }))),
      ).resolves.toMatchObject({ sub: 'alice' });
    });

    it('refuses a token not valid yet', async () => {
      expect(await refusal(service(), token(claims({ nbf: NOW + 10 })))).toBe('not_yet_valid');
    });

    it('refuses an nbf that is text', async () => {
      expect(await refusal(service(), token(claims({ nbf: 'yesterday' })))).toBe('claims_invalid');
    });

    it('refuses a token issued in the future', async () => {
      expect(await refusal(service(), token(claims({ iat: NOW + 10 })))).toBe('issued_in_future');
    });

    it('refuses another issuer', async () => {
      expect(
        await refusal(
          service({ issuer: 'https://us.example' }),
          token(claims({ iss: 'https://them.example' })),
        ),
      ).toBe('issuer_invalid');
    });

    it('refuses a token without issuer when one is configured', async () => {
      expect(await refusal(service({ issuer: 'https://us.example' }), token(claims()))).toBe(
        'issuer_invalid',
      );
    });

    it('refuses another audience', async () => {
      expect(await refusal(service({ audience: 'api' }), token(claims({ aud: ['web', 'mobile'] })))).toBe(
        'audience_invalid',
      );
    });

    it('accepts an audience among several', async () => {
      await expect(
        service({ audience: ['api', 'admin'] }).verifyToken(token(claims({ aud: ['web', 'admin'] }))),
      ).resolves.toMatchObject({ sub: 'alice' });
    });

    it('refuses an audience when none is configured', async () => {
      expect(await refusal(service(), token(claims({ aud: 'api' })))).toBe('audience_invalid');
    });
  });

  describe('getJwks', () => {
    it('publishes the public half of the private key, and nothing private', () => {
      const jwks = serviceWith({ algorithm: 'ES384', privateKey: ec.ES384.privateKey }).getJwks();
      expect(jwks.keys).toHaveLength(1);
      expect(Object.keys(jwks.keys[0]).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(jwks.keys[0]).toMatchObject({ alg: 'ES384', crv: 'P-384', use: 'sig' });
    });

    it('publishes nothing for an HMAC secret', () => {
      expect(serviceWith({ secret: hmac.HS512 }).getJwks()).toEqual({ keys: [] });
    });

    it('returns a copy that callers cannot use to change the published keys', () => {
      const service = serviceWith({ algorithm: 'EdDSA', privateKey: ed25519.privateKey });
      service.getJwks().keys[0].x = 'tampered';
      expect(service.getJwks().keys[0].x).not.toBe('tampered');
    });
  });
});
