import type { INestApplication } from '@nestjs/common';
import { sign } from 'node:crypto';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { AppModule, CURRENT_KEY, ISSUER, JWKS_ROUTE, RETIRED_KEY } from './app.module';
import { forgeToken, signerFor, withSignature } from './jws-forge';

const seconds = () => Math.floor(Date.now() / 1000);
const claims = () => ({ sub: 'alice', iss: ISSUER, iat: seconds(), exp: seconds() + 300 });
const es256 = (header: Record<string, unknown> = {}, payload: unknown = claims()) =>
  forgeToken({ alg: 'ES256', kid: '2025', ...header }, payload, signerFor('ES256', CURRENT_KEY.privateKey));
const retiredPem = RETIRED_KEY.publicKey.export({ format: 'pem', type: 'spki' }) as string;

// Every one of these is a token problem: a 401 invalid_token, never a 500.
const BAD_TOKENS: [string, () => string][] = [
  [
    'signed with the right key under another algorithm',
    () => forgeToken({ alg: 'PS256', kid: '2024' }, claims(), signerFor('PS256', RETIRED_KEY.privateKey)),
  ],
  [
    'keyed with the published public key as an HMAC secret',
    () => forgeToken({ alg: 'HS256', kid: '2024' }, claims(), signerFor('HS256', Buffer.from(retiredPem))),
  ],
  [
    "signed with the RSA key but naming the EC key's kid",
    () => forgeToken({ alg: 'RS256', kid: '2025' }, claims(), signerFor('RS256', RETIRED_KEY.privateKey)),
  ],
  ['carrying a psychic ECDSA signature (r = s = 0)', () => withSignature(es256(), Buffer.alloc(64))],
  [
    'carrying a DER-encoded ECDSA signature',
    () => {
      const token = es256();
      const input = Buffer.from(token.slice(0, token.lastIndexOf('.')));
      return withSignature(token, sign('sha256', input, { key: CURRENT_KEY.privateKey, dsaEncoding: 'der' }));
    },
  ],
  ['embedding its own jwk', () => es256({ jwk: CURRENT_KEY.publicKey.export({ format: 'jwk' }) })],
  ['pointing at a jku', () => es256({ jku: 'https://attacker.example/jwks.json' })],
  ['pointing at an x5u', () => es256({ x5u: 'https://attacker.example/cert.pem' })],
  ['naming a kid that tries path traversal', () => es256({ kid: '../../../../dev/null' })],
  ['naming a kid that tries injection', () => es256({ kid: "2025' OR '1'='1" })],
  ['naming an unknown kid', () => es256({ kid: '2026' })],
  ['whose payload is text', () => es256({}, 'Payload')],
  ['whose exp is 1e999', () => es256({}, `{"sub":"alice","iss":"${ISSUER}","exp":1e999}`)],
];

describe.each(PLATFORMS)('keys, rotation and JWKS out (%s)', (platform) => {
  let app: INestApplication;
  let server: any;

  beforeAll(async () => {
    app = await createApp(AppModule, platform);
    server = app.getHttpServer();
  });
  afterAll(() => app.close());

  describe('the JWKS route', () => {
    it('serves the public keys of every configured key, with their kid, alg and use', async () => {
      const response = await request(server).get(JWKS_ROUTE).expect(200);
      expect(
        response.body.keys.map((jwk: Record<string, unknown>) => [jwk.kid, jwk.alg, jwk.use, jwk.kty]),
      ).toEqual([
        ['2025', 'ES256', 'sig', 'EC'],
        ['2024', 'RS256', 'sig', 'RSA'],
      ]);
    });

    it('never serves a private member', async () => {
      const response = await request(server).get(JWKS_ROUTE).expect(200);
      for (const jwk of response.body.keys) {
        expect(
          Object.keys(jwk).filter((name) => ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].includes(name)),
        ).toEqual([]);
      }
    });

    it('lets verifiers cache the set for 5 minutes', async () => {
      const response = await request(server).get(JWKS_ROUTE).expect(200);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    });

    it('is open to anyone, even a request with a bad token, under the global guard', async () => {
      await request(server).get(JWKS_ROUTE).set('Authorization', 'Bearer not.a.token').expect(200);
    });
  });

  describe('rotation', () => {
    it('accepts a token signed by the current key, with its kid', async () => {
      const token = await app.get(JwtTokenService).createToken('alice');
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({
        alg: 'ES256',
        kid: '2025',
      });
      const response = await request(server)
        .get('/whoami')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(response.body).toEqual({ userId: 'alice' });
    });

    it('accepts a token signed by the retired key before the rotation', async () => {
      const token = forgeToken(
        { alg: 'RS256', kid: '2024' },
        claims(),
        signerFor('RS256', RETIRED_KEY.privateKey),
      );
      await request(server).get('/whoami').set('Authorization', `Bearer ${token}`).expect(200);
    });
  });

  describe('bad input', () => {
    it.each(BAD_TOKENS)('answers 401 invalid_token to a token %s', async (_, make) => {
      const response = await request(server)
        .get('/whoami')
        .set('Authorization', `Bearer ${make()}`)
        .expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
      expect(response.body.code).toBe('token_invalid');
    });
  });
});
