import { randomBytes, type KeyObject } from 'node:crypto';
import { testKeyPair, type TestKeyName } from '../../test/support/test-keys';
import { signerFor, withSignature } from '../../test/keys/jws-forge';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import { JwtTokenError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

// RFC 8725 §3.7 and RFC 4648 §3.5: one token, one spelling. A claims set or header whose bytes are
// not UTF-8 is refused rather than decoded with replacement characters, and a signature segment is
// accepted in its one canonical base64url spelling only.

const NOW = 1_750_000_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

interface Case {
  readonly algorithm: JwtAlgorithm;
  readonly options: JwtAuthOptions;
  /** What signs a hand-made token. */
  readonly signingKey: KeyObject | Buffer;
}

function asymmetric(algorithm: JwtAlgorithm, fixture: TestKeyName): Case {
  const { privateKey } = testKeyPair(fixture);
  return { algorithm, options: { algorithm, privateKey }, signingKey: privateKey };
}

const secret = randomBytes(64);
const CASES: readonly Case[] = [
  { algorithm: 'HS256', options: { algorithm: 'HS256', secret }, signingKey: secret },
  asymmetric('RS256', 'rsa-2048-a'),
  asymmetric('PS256', 'rsa-2048-a'),
  asymmetric('ES256', 'ec-p256'),
  asymmetric('ES384', 'ec-p384'),
  asymmetric('ES512', 'ec-p521'),
  asymmetric('EdDSA', 'ed25519-a'),
];

function serviceFor(testCase: Case): JwtTokenService {
  return new JwtTokenService(
    resolveJwtAuthOptions({ ...testCase.options, tokenCache: false, clock: () => NOW * 1000 }),
  );
}

async function outcome(service: JwtTokenService, token: string): Promise<string> {
  try {
    const claims = await service.verifyToken(token);
    return `accepted ${String(claims.sub)}`;
  } catch (error) {
    return error instanceof JwtTokenError ? error.code : `unexpected ${String(error)}`;
  }
}

// A token of these exact header and payload bytes, signed as `testCase` signs.
function tokenOfBytes(testCase: Case, header: Buffer, payload: Buffer): string {
  const signingInput = `${header.toString('base64url')}.${payload.toString('base64url')}`;
  return `${signingInput}.${signerFor(testCase.algorithm, testCase.signingKey)(Buffer.from(signingInput)).toString('base64url')}`;
}

// The other spellings of a base64url segment's last character: the same bytes once decoded.
function otherSpellings(segment: string): string[] {
  const unusedBits = [0, 0b1111, 0b11][Math.floor((segment.length * 6) / 8) % 3];
  const last = ALPHABET.indexOf(segment.slice(-1));
  const spellings: string[] = [];
  for (let low = 0; low <= unusedBits; low++) {
    const value = (last & ~unusedBits) | low;
    if (value !== last) spellings.push(segment.slice(0, -1) + ALPHABET[value]);
  }
  return spellings;
}

describe('JwtTokenService: one spelling per token', () => {
  describe.each(CASES)('$algorithm', (testCase) => {
    const service = serviceFor(testCase);
    const header = Buffer.from(JSON.stringify({ alg: testCase.algorithm, typ: 'JWT' }));

    it('accepts its own token, whose signature is spelled canonically', async () => {
      expect(await outcome(service, await service.createToken('alice'))).toBe('accepted alice');
    });

    it('refuses every other spelling of the same signature bytes', async () => {
      const token = await service.createToken('alice');
      const signature = token.slice(token.lastIndexOf('.') + 1);
      const spellings = otherSpellings(signature);
      for (const spelling of spellings) {
        const respelled = `${token.slice(0, token.lastIndexOf('.'))}.${spelling}`;
        expect(Buffer.from(spelling, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
        expect(await outcome(service, respelled)).toBe('signature_invalid');
      }
    });

    it('refuses a claims set whose bytes are not UTF-8, even when signed', async () => {
      const payload = Buffer.concat([
        Buffer.from('{"sub":"al'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`ice","exp":${NOW + 60}}`),
      ]);
      expect(await outcome(service, tokenOfBytes(testCase, header, payload))).toBe('payload_not_object');
    });

    it('refuses a header whose bytes are not UTF-8, even when signed', async () => {
      const badHeader = Buffer.concat([
        Buffer.from(`{"alg":"${testCase.algorithm}","typ":"JWT","x":"`),
        Buffer.from([0xc3]),
        Buffer.from('"}'),
      ]);
      const payload = Buffer.from(JSON.stringify({ sub: 'alice', exp: NOW + 60 }));
      expect(await outcome(service, tokenOfBytes(testCase, badHeader, payload))).toBe('malformed');
    });

    it.each([
      ['an encoded surrogate', 'eda080'],
      ['an overlong slash', 'c0af'],
      ['a code point past U+10FFFF', 'f4908080'],
      ['a truncated sequence', 'e282'],
    ])('refuses a claims set holding %s', async (_, hex) => {
      const payload = Buffer.concat([
        Buffer.from('{"sub":"'),
        Buffer.from(hex, 'hex'),
        Buffer.from(`","exp":${NOW + 60}}`),
      ]);
      expect(await outcome(service, tokenOfBytes(testCase, header, payload))).toBe('payload_not_object');
    });

    it('accepts a claims set holding U+FFFD itself, validly encoded', async () => {
      const payload = Buffer.from(JSON.stringify({ sub: 'a\uFFFDb', exp: NOW + 60 }));
      expect(await outcome(service, tokenOfBytes(testCase, header, payload))).toBe('accepted a\uFFFDb');
    });

    it('accepts a claims set of valid multi-byte UTF-8', async () => {
      const payload = Buffer.from(JSON.stringify({ sub: 'zoë 🔑', exp: NOW + 60 }));
      expect(await outcome(service, tokenOfBytes(testCase, header, payload))).toBe('accepted zoë 🔑');
    });
  });

  // RSA-2048 and Ed25519 signatures, and P-256's r || s, leave 4 unused bits at the end: 15 other
  // spellings; an HS256 MAC leaves 2 bits: 3 others; P-384 and P-521 signatures leave none.
  it.each([
    ['RS256', 15],
    ['ES256', 15],
    ['EdDSA', 15],
    ['HS256', 3],
    ['ES384', 0],
    ['ES512', 0],
  ] as const)('has the expected number of other spellings for %s (%i)', async (algorithm, count) => {
    const service = serviceFor(CASES.find((testCase) => testCase.algorithm === algorithm)!);
    const token = await service.createToken('alice');
    expect(otherSpellings(token.slice(token.lastIndexOf('.') + 1))).toHaveLength(count);
  });
});

// ECDSA signatures are malleable: if (r, s) is valid, so is (r, n - s). Both are the key holder's
// signature of the same bytes, so the twin is no forgery; refusing the "high" one would refuse about
// half the tokens of signers that do not normalise s (OpenSSL, node:crypto, most JOSE libraries and
// KMS services). So both are accepted; what must not depend on the token's exact string is
// documented (see docs/security.md).
describe('JwtTokenService: the ECDSA high-S twin', () => {
  const orders = {
    ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    ES384:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  } as const;

  it.each(['ES256', 'ES384'] as const)(
    'accepts (r, n - s) as well as (r, s) for %s, with the same claims',
    async (algorithm) => {
      const service = serviceFor(CASES.find((testCase) => testCase.algorithm === algorithm)!);
      const token = await service.createToken('alice');
      const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
      const size = signature.length / 2;
      const s = BigInt(`0x${signature.subarray(size).toString('hex')}`);
      const twinS = Buffer.from((orders[algorithm] - s).toString(16).padStart(2 * size, '0'), 'hex');
      const twin = withSignature(token, Buffer.concat([signature.subarray(0, size), twinS]));
      expect(twin).not.toBe(token);
      expect(await outcome(service, twin)).toBe('accepted alice');
      expect(await service.verifyToken(twin)).toEqual(await service.verifyToken(token));
    },
  );
});
