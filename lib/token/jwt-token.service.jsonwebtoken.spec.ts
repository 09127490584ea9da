import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { testKeyPair } from '../../test/support/test-keys';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenService } from './jwt-token.service';

// jsonwebtoken (under @nestjs/jwt) signs; handed a string or a Buffer it tries to parse it as a PEM
// public key first, on every call. Every configured key form must reach it already a KeyObject.
// It never verifies: every signature is checked on node:crypto.
const pems = (pair: { privateKey: KeyObject; publicKey: KeyObject }) => ({
  privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  publicKey: pair.publicKey.export({ format: 'pem', type: 'spki' }) as string,
});
const rsa = pems(testKeyPair('rsa-2048-a'));
const ec = pems(testKeyPair('ec-p256'));

const hmacConfigurations: ReadonlyArray<[string, JwtAuthOptions]> = [
  ['a string secret, HS256', { algorithm: 'HS256', secret: randomBytes(32).toString('base64url') }],
  ['a string secret, HS384', { algorithm: 'HS384', secret: randomBytes(48).toString('base64url') }],
  ['a string secret, HS512', { algorithm: 'HS512', secret: randomBytes(64).toString('base64url') }],
  ['a Buffer secret, HS256', { algorithm: 'HS256', secret: randomBytes(32) }],
  ['a Buffer secret, HS512', { algorithm: 'HS512', secret: randomBytes(64) }],
  ['a KeyObject secret, HS512', { algorithm: 'HS512', secret: createSecretKey(randomBytes(64)) }],
];
const asymmetricConfigurations: ReadonlyArray<[string, JwtAuthOptions]> = [
  ['PEM strings, RS256', { algorithm: 'RS256', privateKey: rsa.privateKey, publicKey: rsa.publicKey }],
  [
    'PEM Buffers, RS256',
    { algorithm: 'RS256', privateKey: Buffer.from(rsa.privateKey), publicKey: Buffer.from(rsa.publicKey) },
  ],
  ['PEM strings, ES256', { algorithm: 'ES256', privateKey: ec.privateKey, publicKey: ec.publicKey }],
];

describe('the key jsonwebtoken receives', () => {
  let sign: jest.SpiedFunction<typeof jsonwebtoken.sign>;
  let verify: jest.SpiedFunction<typeof jsonwebtoken.verify>;

  beforeEach(() => {
    sign = jest.spyOn(jsonwebtoken, 'sign');
    verify = jest.spyOn(jsonwebtoken, 'verify');
  });

  afterEach(() => {
    sign.mockRestore();
    verify.mockRestore();
  });

  it.each([...hmacConfigurations, ...asymmetricConfigurations])(
    'is a KeyObject when signing with %s',
    async (_, options) => {
      const service = new JwtTokenService(resolveJwtAuthOptions(options));
      await service.createToken('alice');
      expect(sign.mock.calls.map((call) => (call[1] as unknown) instanceof KeyObject)).toEqual([true]);
    },
  );

  it.each([...hmacConfigurations, ...asymmetricConfigurations])(
    'is never handed to jsonwebtoken.verify with %s',
    async (_, options) => {
      const service = new JwtTokenService(resolveJwtAuthOptions({ ...options, tokenCache: false }));
      const claims = await service.verifyToken(await service.createToken('alice'));
      expect(claims.sub).toBe('alice');
      expect(verify).not.toHaveBeenCalled();
    },
  );
});
