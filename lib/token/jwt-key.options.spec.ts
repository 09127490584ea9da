import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { testKeyPair } from '../../test/support/test-keys';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';

const rsa = testKeyPair('rsa-2048-a');
const otherRsa = testKeyPair('rsa-2048-b');
const weakRsa = testKeyPair('rsa-1024');
const p256 = testKeyPair('ec-p256');
const p384 = testKeyPair('ec-p384');
const ed25519 = testKeyPair('ed25519-a');
const pem = (key: KeyObject) =>
  key.export({ format: 'pem', type: key.type === 'private' ? 'pkcs8' : 'spki' }) as string;
const secret64 = randomBytes(64);

function resolve(options: JwtAuthOptions) {
  return resolveJwtAuthOptions(options);
}

describe('key options at start-up', () => {
  describe('one key pair', () => {
    it.each([
      ['a PEM string', pem(rsa.privateKey)],
      ['a PEM Buffer', Buffer.from(pem(rsa.privateKey))],
      ['a KeyObject', rsa.privateKey],
      ['a JWK', rsa.privateKey.export({ format: 'jwk' })],
    ])('reads a private key given as %s into a KeyObject', (_, privateKey) => {
      const resolved = resolve({ algorithm: 'RS256', privateKey: privateKey });
      expect(resolved.keys.signing?.key.equals(rsa.privateKey)).toBe(true);
      expect(resolved.keys.verification[0].key.equals(rsa.publicKey)).toBe(true);
    });

    // On Node 20, exporting as JWK (as getJwks() and the thumbprint kid do) a key that
    // generateKeyPair(Sync) made can deadlock node:crypto; a key the library imported itself cannot.
    it("imports a KeyObject afresh instead of keeping the application's own", () => {
      const resolved = resolve({ algorithm: 'RS256', privateKey: rsa.privateKey });
      expect(resolved.keys.signing?.key).not.toBe(rsa.privateKey);
      expect(resolved.keys.signing?.key.equals(rsa.privateKey)).toBe(true);
      const verifyOnly = resolve({ algorithm: 'EdDSA', publicKey: ed25519.publicKey });
      expect(verifyOnly.keys.verification[0].key).not.toBe(ed25519.publicKey);
      expect(verifyOnly.keys.verification[0].key.equals(ed25519.publicKey)).toBe(true);
    });

    it.each([
      ['a PEM string', pem(ed25519.publicKey)],
      ['a PEM Buffer', Buffer.from(pem(ed25519.publicKey))],
      ['a KeyObject', ed25519.publicKey],
      ['a JWK', ed25519.publicKey.export({ format: 'jwk' })],
    ])('reads a public key given as %s into a verify-only key set', (_, publicKey) => {
      const resolved = resolve({ algorithm: 'EdDSA', publicKey: publicKey });
      expect(resolved.keys.signing).toBeUndefined();
      expect(resolved.keys.verification[0].key.equals(ed25519.publicKey)).toBe(true);
    });

    it('gives an asymmetric key its RFC 7638 thumbprint as kid', () => {
      // RFC 7638 §3.1 example key and thumbprint.
      const jwk = {
        kty: 'RSA',
        n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
        e: 'AQAB',
      };
      const resolved = resolve({ algorithm: 'RS256', publicKey: jwk });
      expect(resolved.keys.verification[0].kid).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    });

    it('keeps the kid a JWK states', () => {
      const jwk = { ...(ed25519.publicKey.export({ format: 'jwk' }) as object), kid: 'ed-2025' };
      expect(resolve({ algorithm: 'EdDSA', publicKey: jwk }).keys.verification[0].kid).toBe('ed-2025');
    });

    it("accepts a public key that is the private key's own half", () => {
      expect(() =>
        resolve({ algorithm: 'ES256', privateKey: p256.privateKey, publicKey: pem(p256.publicKey) }),
      ).not.toThrow();
    });

    it("refuses a public key that is not the private key's half", () => {
      expect(() =>
        resolve({ algorithm: 'RS256', privateKey: rsa.privateKey, publicKey: otherRsa.publicKey }),
      ).toThrow(/"publicKey" is not the public half of "privateKey".*openssl pkey/);
    });

    it('refuses an RSA key under 2048 bits, saying how to make one', () => {
      expect(() => resolve({ algorithm: 'RS256', privateKey: weakRsa.privateKey })).toThrow(
        /1024 bits, but RS256 needs at least 2048.*openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048/,
      );
    });

    it("refuses an EC key on another curve than the algorithm's, naming the one it fits", () => {
      expect(() => resolve({ algorithm: 'ES256', privateKey: p384.privateKey })).toThrow(
        /ES256 needs an EC key on curve P-256.*fits ES384/,
      );
    });

    it('refuses a non-Ed25519 key for EdDSA', () => {
      expect(() => resolve({ algorithm: 'EdDSA', publicKey: p256.publicKey })).toThrow(
        /EdDSA needs an Ed25519 key.*openssl genpkey -algorithm ed25519/,
      );
    });

    it('refuses an RSA-PSS key object, which cannot be published as a JWK', () => {
      const pss = testKeyPair('rsa-pss-2048');
      expect(() => resolve({ algorithm: 'PS256', privateKey: pss.privateKey })).toThrow(
        /RSA-PSS key; use a plain RSA key/,
      );
    });

    it('refuses a private key where a public key is expected', () => {
      expect(() => resolve({ algorithm: 'RS256', publicKey: pem(rsa.privateKey) })).toThrow(
        /"publicKey" holds a private key/,
      );
      expect(() => resolve({ algorithm: 'RS256', publicKey: rsa.privateKey })).toThrow(
        /it must be a public key/,
      );
      expect(() =>
        resolve({ algorithm: 'RS256', publicKey: rsa.privateKey.export({ format: 'jwk' }) }),
      ).toThrow(/private members/);
    });

    it('refuses a public key where a private key is expected', () => {
      expect(() => resolve({ algorithm: 'ES256', privateKey: pem(p256.publicKey) })).toThrow(
        /"privateKey" is not a readable private key/,
      );
    });

    it('refuses a JWK whose alg is not the configured algorithm', () => {
      const jwk = { ...(rsa.publicKey.export({ format: 'jwk' }) as object), alg: 'PS256' };
      expect(() => resolve({ algorithm: 'RS256', publicKey: jwk })).toThrow(
        /JWK for "PS256", but it is configured for RS256/,
      );
    });

    it('refuses a key pair with an HMAC algorithm, the pyramid_jwt default', () => {
      expect(() => resolve({ privateKey: rsa.privateKey })).toThrow(
        /HS512 is an HMAC algorithm that uses "secret"/,
      );
    });

    it('refuses a key pair together with a secret', () => {
      expect(() => resolve({ algorithm: 'RS256', privateKey: rsa.privateKey, secret: secret64 })).toThrow(
        /"secret" is set, but RS256 is an asymmetric algorithm/,
      );
    });
  });

  describe('HMAC secrets', () => {
    it('reads a secret given as an oct JWK', () => {
      const resolved = resolve({
        algorithm: 'HS256',
        secret: { kty: 'oct', k: randomBytes(32).toString('base64url') },
      });
      expect(resolved.keys.signing?.key.symmetricKeySize).toBe(32);
    });

    it('refuses a secret shorter than the hash, saying how to generate one', () => {
      expect(() => resolve({ algorithm: 'HS384', secret: randomBytes(47) })).toThrow(
        /47 bytes long, but HS384 needs at least 48.*randomBytes/,
      );
    });

    it('refuses a public key PEM passed as an HMAC secret', () => {
      expect(() => resolve({ algorithm: 'HS256', secret: pem(rsa.publicKey) })).toThrow(
        /a public key must never be used as an HMAC secret/,
      );
    });

    it('refuses a DER public key passed as an HMAC secret', () => {
      const der = rsa.publicKey.export({ format: 'der', type: 'spki' });
      expect(() => resolve({ algorithm: 'HS256', secret: der })).toThrow(
        /a public key must never be used as an HMAC secret/,
      );
    });

    it('refuses a public KeyObject passed as an HMAC secret', () => {
      expect(() => resolve({ algorithm: 'HS256', secret: rsa.publicKey })).toThrow(
        /an asymmetric key must never be used as an HMAC secret/,
      );
    });

    it('refuses a JWK text passed as an HMAC secret', () => {
      expect(() =>
        resolve({ algorithm: 'HS256', secret: JSON.stringify(p256.publicKey.export({ format: 'jwk' })) }),
      ).toThrow(/a public key must never be used as an HMAC secret/);
    });

    it('publishes no HMAC secret, not even a kid derived from it', () => {
      const resolved = resolve({ secret: secret64 });
      expect(resolved.keys.publicJwks).toEqual([]);
      expect(resolved.keys.verification[0].kid).toBeUndefined();
    });
  });

  describe('keys and signingKeyId', () => {
    const keys = () => [
      { kid: 'new', algorithm: 'ES256' as const, privateKey: p256.privateKey },
      { kid: 'old', algorithm: 'RS256' as const, publicKey: rsa.publicKey },
    ];

    it('signs with the only entry that has a private key, under its kid', () => {
      const resolved = resolve({ keys: keys() });
      expect(resolved.keys.signing).toMatchObject({ kid: 'new', algorithm: 'ES256' });
      expect(resolved.algorithms).toEqual(['ES256', 'RS256']);
    });

    it("publishes every entry's public key with its kid, alg and use", () => {
      const { publicJwks } = resolve({ keys: keys() }).keys;
      expect(publicJwks.map((jwk) => [jwk.kid, jwk.alg, jwk.use, 'd' in jwk])).toEqual([
        ['new', 'ES256', 'sig', false],
        ['old', 'RS256', 'sig', false],
      ]);
    });

    it("gives an entry without algorithm the module's", () => {
      const resolved = resolve({ algorithm: 'HS256', keys: [{ kid: 'a', secret: randomBytes(32) }] });
      expect(resolved.keys.signing).toMatchObject({ kid: 'a', algorithm: 'HS256' });
    });

    it('refuses two entries with the same kid', () => {
      expect(() =>
        resolve({ keys: [...keys(), { kid: 'old', algorithm: 'EdDSA', publicKey: ed25519.publicKey }] }),
      ).toThrow(/keys\[2\]\.kid "old" is used twice/);
    });

    it('refuses an entry without kid', () => {
      expect(() =>
        resolve({ keys: [{ algorithm: 'EdDSA', publicKey: ed25519.publicKey } as never] }),
      ).toThrow(/keys\[0\]\.kid must be a non-empty string/);
    });

    it('refuses a signingKeyId that names no entry', () => {
      expect(() => resolve({ keys: keys(), signingKeyId: 'newer' })).toThrow(
        /"signingKeyId" "newer" is not the kid of any of "keys" \("new", "old"\)/,
      );
    });

    it('refuses a signingKeyId that names a public key', () => {
      expect(() => resolve({ keys: keys(), signingKeyId: 'old' })).toThrow(/has only a "publicKey"/);
    });

    it('asks for signingKeyId when several entries can sign', () => {
      const two = [...keys(), { kid: 'ed', algorithm: 'EdDSA' as const, privateKey: ed25519.privateKey }];
      expect(() => resolve({ keys: two })).toThrow(
        /several of "keys" can sign \("new", "ed"\): set "signingKeyId"/,
      );
      expect(resolve({ keys: two, signingKeyId: 'ed' }).keys.signing?.kid).toBe('ed');
    });

    it('refuses keys combined with a single-key option', () => {
      expect(() => resolve({ keys: keys(), secret: secret64 })).toThrow(
        /"keys" cannot be combined with "secret"/,
      );
    });

    it('refuses an entry whose key does not fit its algorithm, naming the entry', () => {
      expect(() => resolve({ keys: [{ kid: 'x', algorithm: 'ES384', publicKey: p256.publicKey }] })).toThrow(
        /keys\[0\]\."publicKey" is an EC public key on curve prime256v1, but ES384 needs an EC key on curve P-384/,
      );
    });

    it('refuses an HMAC entry keyed with a public key', () => {
      expect(() =>
        resolve({
          keys: [
            { kid: 'x', algorithm: 'HS256', secret: createSecretKey(randomBytes(32)) },
            { kid: 'y', algorithm: 'HS256', secret: rsa.publicKey },
          ],
        }),
      ).toThrow(/keys\[1\]\."secret" is an RSA public key of 2048 bits, but HS256 needs a symmetric secret/);
    });
  });

  describe('algorithms', () => {
    it('defaults to the configured algorithm only', () => {
      expect(resolve({ algorithm: 'PS512', privateKey: rsa.privateKey }).algorithms).toEqual(['PS512']);
    });

    it('refuses "none"', () => {
      expect(() => resolve({ secret: secret64, algorithms: ['none' as never] })).toThrow(
        /lists "none", which is not supported/,
      );
    });

    it('refuses an algorithm no configured key uses', () => {
      expect(() => resolve({ secret: secret64, algorithms: ['HS512', 'RS256'] })).toThrow(
        /lists RS256, but no configured key uses it/,
      );
    });

    it("refuses a list that leaves out a configured key's algorithm", () => {
      expect(() =>
        resolve({
          keys: [
            { kid: 'a', algorithm: 'EdDSA', publicKey: ed25519.publicKey },
            { kid: 'b', algorithm: 'RS256', publicKey: rsa.publicKey },
          ],
          algorithms: ['EdDSA'],
        }),
      ).toThrow(/a configured key uses RS256, which "algorithms" does not list/);
    });

    it('refuses an unknown algorithm', () => {
      expect(() => resolve({ algorithm: 'ES256K' as never, privateKey: p256.privateKey })).toThrow(
        /unknown "algorithm" "ES256K"/,
      );
    });
  });

  describe('jwksUri', () => {
    const issuer = 'https://id.example.com/';

    it('defaults to RS256 when the provider holds the only keys', () => {
      const resolved = resolve({ jwksUri: 'https://id.example.com/.well-known/jwks.json', issuer });
      expect(resolved.algorithms).toEqual(['RS256']);
      expect(resolved.keys.signing).toBeUndefined();
      expect(resolved.jwks).toMatchObject({
        timeout: 5000,
        cacheMaxAge: 600_000,
        cooldown: 30_000,
        maxBytes: 65_536,
      });
    });

    it("accepts any listed algorithm for the provider's keys", () => {
      expect(
        resolve({ jwksUri: 'https://id.example.com/jwks', issuer, algorithms: ['RS256', 'ES256'] })
          .algorithms,
      ).toEqual(['RS256', 'ES256']);
    });

    it('refuses plain http except on localhost', () => {
      expect(() => resolve({ jwksUri: 'http://id.example.com/jwks', issuer })).toThrow(
        /must be an https:\/\/ URL/,
      );
      expect(() => resolve({ jwksUri: 'http://127.0.0.1:8080/jwks', issuer })).not.toThrow();
    });

    it('refuses a jwksUri without issuer', () => {
      expect(() => resolve({ jwksUri: 'https://id.example.com/jwks' })).toThrow(/"jwksUri" needs "issuer"/);
    });

    it('refuses a jwksUri that is not a URL', () => {
      expect(() => resolve({ jwksUri: 'id.example.com/jwks', issuer })).toThrow(/is not a URL/);
    });

    it('refuses a jwksOptions value that is not a positive number', () => {
      expect(() =>
        resolve({ jwksUri: 'https://id.example.com/jwks', issuer, jwksOptions: { timeout: 0 } }),
      ).toThrow(/"jwksOptions.timeout" must be a positive/);
      expect(() =>
        resolve({ jwksUri: 'https://id.example.com/jwks', issuer, jwksOptions: { maxBytes: -1 } }),
      ).toThrow(/"jwksOptions.maxBytes"/);
    });

    it('refuses jwksOptions without jwksUri', () => {
      expect(() => resolve({ secret: secret64, jwksOptions: {} })).toThrow(
        /"jwksOptions" is set, but "jwksUri" is not/,
      );
    });
  });

  it('refuses a configuration without any key, saying how to make one', () => {
    expect(() => resolve({})).toThrow(/"secret" is required to sign and verify HS512 tokens.*randomBytes/);
    expect(() => resolve({ algorithm: 'EdDSA' })).toThrow(
      /no key is configured: set "privateKey" and\/or "publicKey" for EdDSA.*openssl genpkey -algorithm ed25519/,
    );
  });
});
