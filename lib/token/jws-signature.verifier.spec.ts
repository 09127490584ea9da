import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { testKeyPair } from '../../test/support/test-keys';
import { signerFor } from '../../test/keys/jws-forge';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import { createSignatureCheck } from './jws-signature.verifier';

const secret = randomBytes(64);
const KEYS: ReadonlyArray<[JwtAlgorithm, KeyObject | Buffer, KeyObject]> = [
  ['HS256', secret, createSecretKey(secret)],
  ['HS512', secret, createSecretKey(secret)],
  ['RS256', testKeyPair('rsa-2048-a').privateKey, testKeyPair('rsa-2048-a').publicKey],
  ['PS384', testKeyPair('rsa-2048-a').privateKey, testKeyPair('rsa-2048-a').publicKey],
  ['ES256', testKeyPair('ec-p256').privateKey, testKeyPair('ec-p256').publicKey],
  ['ES512', testKeyPair('ec-p521').privateKey, testKeyPair('ec-p521').publicKey],
  ['EdDSA', testKeyPair('ed25519-a').privateKey, testKeyPair('ed25519-a').publicKey],
];
const SIGNING_INPUT = `${Buffer.from('{"alg":"x"}').toString('base64url')}.${Buffer.from('{"sub":"alice"}').toString('base64url')}`;

describe('createSignatureCheck', () => {
  describe.each(KEYS)('%s', (algorithm, signingKey, verifyingKey) => {
    const check = createSignatureCheck(algorithm, verifyingKey);
    const signature = signerFor(algorithm, signingKey)(Buffer.from(SIGNING_INPUT));

    it("accepts the key's signature of the signing input", () => {
      expect(check(SIGNING_INPUT, signature.toString('base64url'))).toBe(true);
    });

    it('refuses it over other signing input', () => {
      expect(check(`${SIGNING_INPUT}x`, signature.toString('base64url'))).toBe(false);
    });

    it('refuses a signature one byte too long, or one byte short', () => {
      expect(check(SIGNING_INPUT, Buffer.concat([signature, Buffer.from([0])]).toString('base64url'))).toBe(
        false,
      );
      expect(check(SIGNING_INPUT, signature.subarray(1).toString('base64url'))).toBe(false);
    });
  });

  it('refuses the signature of another key of the same kind', () => {
    const check = createSignatureCheck('RS256', testKeyPair('rsa-2048-a').publicKey);
    const signature = signerFor('RS256', testKeyPair('rsa-2048-b').privateKey)(Buffer.from(SIGNING_INPUT));
    expect(check(SIGNING_INPUT, signature.toString('base64url'))).toBe(false);
  });

  it('refuses an RS256 signature checked as PS256, and the reverse', () => {
    const { privateKey, publicKey } = testKeyPair('rsa-2048-a');
    const rs = signerFor('RS256', privateKey)(Buffer.from(SIGNING_INPUT)).toString('base64url');
    const ps = signerFor('PS256', privateKey)(Buffer.from(SIGNING_INPUT)).toString('base64url');
    expect(createSignatureCheck('PS256', publicKey)(SIGNING_INPUT, rs)).toBe(false);
    expect(createSignatureCheck('RS256', publicKey)(SIGNING_INPUT, ps)).toBe(false);
  });
});
