import { createPublicKey, type KeyExportOptions, type JsonWebKey, type KeyObject } from 'node:crypto';
import { generateKey, keyJwks, keyPairPem } from './key-pair.generator';

// Node 20 can deadlock exporting a freshly generated KeyObject to JWK while the GC runs: the keys
// generateKeyPairSync() makes here throw if anyone tries, so that these specs pin that keygen
// exports only keys re-imported from PEM.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  const refuseJwk = (key: KeyObject) => {
    const exportKey = key.export.bind(key) as (options?: KeyExportOptions<'pem'>) => string | Buffer;
    Object.defineProperty(key, 'export', {
      value: (options?: KeyExportOptions<'pem'> | { format: 'jwk' }) => {
        if (options?.format === 'jwk') throw new Error('a freshly generated key was exported to JWK');
        return exportKey(options);
      },
    });
  };
  return {
    ...actual,
    generateKeyPairSync: (...args: Parameters<typeof actual.generateKeyPairSync>) => {
      const pair = actual.generateKeyPairSync(...args);
      refuseJwk(pair.privateKey);
      refuseJwk(pair.publicKey);
      return pair;
    },
  };
});

describe('generateKey', () => {
  it.each(['RS256', 'ES256', 'ES384', 'EdDSA'] as const)(
    'makes a %s key pair that exports to JWK without exporting the generated KeyObject',
    (alg) => {
      const key = generateKey(alg);
      const { privateKey, publicKey } = keyJwks(key, 'k1');
      expect(privateKey).toEqual(
        expect.objectContaining({ kid: 'k1', alg, use: 'sig', d: expect.any(String) }),
      );
      expect(publicKey).not.toHaveProperty('d');
      // The public JWK is the public half of the private key.
      const fromJwk = createPublicKey({ key: publicKey as JsonWebKey, format: 'jwk' });
      expect(fromJwk.export({ type: 'spki', format: 'pem' })).toBe(keyPairPem(key as never).publicKey);
    },
  );

  it('makes an HMAC secret as long as its hash', () => {
    const key = generateKey('HS384');
    expect(key.family === 'hmac' && key.secret).toHaveLength(48);
    expect(keyJwks(key, undefined)).toEqual({
      privateKey: { kty: 'oct', k: expect.any(String), alg: 'HS384', use: 'sig' },
    });
  });

  it('refuses, through the mock, a JWK export of a generated key: the guard above is live', () => {
    const { generateKeyPairSync } = jest.requireMock<typeof import('node:crypto')>('node:crypto');
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => privateKey.export({ format: 'jwk' })).toThrow('a freshly generated key was exported to JWK');
  });
});
