import { createSecretKey } from 'node:crypto';
import {
  checkCsrfProof,
  csrfTokenFor,
  deriveCsrfKey,
  isCsrfTokenValid,
  needsCsrfProof,
  type ResolvedJwtCookieCsrfOptions,
} from './csrf-token.util';
import { testKeyPair } from '../../test/support/test-keys';

const signingKey = createSecretKey(Buffer.alloc(64, 7));
const csrfKey = deriveCsrfKey(signingKey);
const TOKEN = 'aGVhZGVy.cGF5bG9hZA.c2lnbmF0dXJl';
const OTHER_SIGNATURE = 'aGVhZGVy.cGF5bG9hZA.b3RoZXI';
const csrf: ResolvedJwtCookieCsrfOptions = {
  cookieName: 'XSRF-TOKEN',
  attributes: '',
  headerName: 'x-csrf-token',
  key: csrfKey,
};

describe('deriveCsrfKey', () => {
  it('derives a 32-byte key that is not the signing key', () => {
    expect(csrfKey.symmetricKeySize).toBe(32);
    expect(csrfKey.export().equals(signingKey.export().subarray(0, 32))).toBe(false);
  });

  it('derives the same key from the same secret, so every instance of an app agrees', () => {
    expect(deriveCsrfKey(createSecretKey(Buffer.alloc(64, 7))).export()).toEqual(csrfKey.export());
  });

  it('derives another key from another secret', () => {
    expect(deriveCsrfKey(createSecretKey(Buffer.alloc(64, 8))).export()).not.toEqual(csrfKey.export());
  });

  it('derives a key from the private key of an asymmetric algorithm', () => {
    const { privateKey } = testKeyPair('ed25519-a');
    expect(deriveCsrfKey(privateKey).symmetricKeySize).toBe(32);
  });

  it('refuses a public key, which signs nothing', () => {
    const { publicKey } = testKeyPair('ed25519-a');
    expect(() => deriveCsrfKey(publicKey)).toThrow(/cookie mode needs a signing key/);
  });
});

describe('csrfTokenFor', () => {
  it('is a 43-character base64url HMAC', () => {
    expect(csrfTokenFor(TOKEN, { sid: 's1' }, csrfKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('binds to the session id, so a reissued token of the same session keeps it', () => {
    expect(csrfTokenFor(TOKEN, { sid: 's1' }, csrfKey)).toBe(
      csrfTokenFor(OTHER_SIGNATURE, { sid: 's1' }, csrfKey),
    );
  });

  it('differs between sessions', () => {
    expect(csrfTokenFor(TOKEN, { sid: 's1' }, csrfKey)).not.toBe(csrfTokenFor(TOKEN, { sid: 's2' }, csrfKey));
  });

  it('binds a token without a session id to its signature', () => {
    expect(csrfTokenFor(TOKEN, {}, csrfKey)).not.toBe(csrfTokenFor(OTHER_SIGNATURE, {}, csrfKey));
  });

  it('cannot be made to collide a session id with a signature', () => {
    expect(csrfTokenFor(TOKEN, { sid: 'c2lnbmF0dXJl' }, csrfKey)).not.toBe(csrfTokenFor(TOKEN, {}, csrfKey));
  });

  it('ignores a session id that is not a non-empty string', () => {
    expect(csrfTokenFor(TOKEN, { sid: 42 }, csrfKey)).toBe(csrfTokenFor(TOKEN, {}, csrfKey));
  });

  it('depends on the server key', () => {
    const otherKey = deriveCsrfKey(createSecretKey(Buffer.alloc(64, 9)));
    expect(csrfTokenFor(TOKEN, { sid: 's1' }, csrfKey)).not.toBe(
      csrfTokenFor(TOKEN, { sid: 's1' }, otherKey),
    );
  });
});

describe('isCsrfTokenValid', () => {
  const expected = csrfTokenFor(TOKEN, { sid: 's1' }, csrfKey);

  it('accepts the expected token', () => {
    expect(isCsrfTokenValid(expected, expected)).toBe(true);
  });

  it('refuses a token differing in one character', () => {
    const last = expected.at(-1) === 'A' ? 'B' : 'A';
    expect(isCsrfTokenValid(expected, expected.slice(0, -1) + last)).toBe(false);
  });

  it.each([undefined, '', 'short', [], ['a', 'b']])('refuses %j without throwing', (sent) => {
    expect(isCsrfTokenValid(expected, sent)).toBe(false);
  });

  it('refuses a token of the right length whose non-ASCII characters would fold onto the expected bytes', () => {
    const folded =
      expected.slice(0, -1) + String.fromCharCode(0x100 + expected.charCodeAt(expected.length - 1));
    expect(isCsrfTokenValid(expected, folded)).toBe(false);
  });

  it('refuses the token repeated in two headers', () => {
    expect(isCsrfTokenValid(expected, [expected, expected])).toBe(false);
  });
});

describe('needsCsrfProof', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'get'])('exempts the safe method %s', (method) => {
    expect(needsCsrfProof(method)).toBe(false);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPPATCH', undefined])('requires proof for %s', (method) => {
    expect(needsCsrfProof(method)).toBe(true);
  });
});

describe('checkCsrfProof', () => {
  const claims = { sid: 's1' };
  const cookie = { token: TOKEN, source: 'cookie' as const };
  const valid = csrfTokenFor(TOKEN, claims, csrfKey);

  it('passes a cookie POST that echoes the token', () => {
    expect(checkCsrfProof('POST', { 'x-csrf-token': valid }, cookie, claims, csrf)).toBeUndefined();
  });

  it('refuses a cookie POST without the header: csrf_missing', () => {
    expect(checkCsrfProof('POST', {}, cookie, claims, csrf)).toBe('csrf_missing');
  });

  it('refuses a cookie POST with an empty header: csrf_missing', () => {
    expect(checkCsrfProof('POST', { 'x-csrf-token': '' }, cookie, claims, csrf)).toBe('csrf_missing');
  });

  it('refuses a cookie POST with another token: csrf_invalid', () => {
    expect(checkCsrfProof('POST', { 'x-csrf-token': 'A'.repeat(43) }, cookie, claims, csrf)).toBe(
      'csrf_invalid',
    );
  });

  it('does not check a header-token request', () => {
    expect(checkCsrfProof('POST', {}, { token: TOKEN, source: 'header' }, claims, csrf)).toBeUndefined();
  });

  it('does not check a safe method', () => {
    expect(checkCsrfProof('GET', {}, cookie, claims, csrf)).toBeUndefined();
  });

  it('does not check when CSRF protection is off', () => {
    expect(checkCsrfProof('POST', {}, cookie, claims, undefined)).toBeUndefined();
  });
});
