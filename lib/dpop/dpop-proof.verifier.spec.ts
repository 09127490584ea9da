import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DpopNonceSource } from './dpop-nonce.source';
import { DpopProofVerifier, normalizeHtu, type DpopRequest } from './dpop-proof.verifier';
import { resolveDpopOptions } from './dpop.options';

// RFC 9449 §7.1, figure 13: a proof for a protected resource request, its access token, and the
// thumbprint of its key (§6.1, figures 8 and 9).
const RFC_PROOF =
  'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19' +
  '.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9' +
  '.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA';
const RFC_ACCESS_TOKEN = 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU';
const RFC_JKT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
const RFC_REQUEST: DpopRequest = {
  method: 'GET',
  htu: 'https://resource.example.org/protectedresource',
  accessToken: RFC_ACCESS_TOKEN,
  now: 1562262618 * 1000,
};

const fixture = (name: string) =>
  createPrivateKey(readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'keys', `${name}.pem`)));
const ecKey = fixture('ec-p256');
const ecJwk = (() => {
  const { kty, crv, x, y } = ecKey.export({ format: 'jwk' });
  return { kty, crv, x, y };
})();

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A proof signed ES256 with the fixture key, with the header and claims given (over the defaults). */
function proof(header: object = {}, claims: object = {}): string {
  const input = `${segment({ typ: 'dpop+jwt', alg: 'ES256', jwk: ecJwk, ...header })}.${segment({
    jti: 'j-1',
    htm: 'GET',
    htu: 'https://api.example.test/notes',
    iat: 1_700_000_000,
    ath: createHash('sha256').update('the-token').digest('base64url'),
    ...claims,
  })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: ecKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const REQUEST: DpopRequest = {
  method: 'GET',
  htu: 'https://api.example.test/notes',
  accessToken: 'the-token',
  now: 1_700_000_000_000,
};

const verifier = (options: object = {}, nonces?: DpopNonceSource) =>
  new DpopProofVerifier(resolveDpopOptions(options)!, 8192, nonces);

describe('DpopProofVerifier', () => {
  it('accepts the proof of RFC 9449 figure 13, with its jti, iat and the thumbprint of figure 8', () => {
    expect(verifier().verify(RFC_PROOF, RFC_REQUEST)).toEqual({
      jti: 'e1j3V_bKic8-LAEB',
      jkt: RFC_JKT,
      iat: 1562262618,
    });
  });

  it('accepts the same RFC proof again from the remembered key (replay is the store’s to catch)', () => {
    const checker = verifier();
    checker.verify(RFC_PROOF, RFC_REQUEST);
    expect(checker.verify(RFC_PROOF, RFC_REQUEST)).toMatchObject({ jkt: RFC_JKT });
  });

  it('refuses the RFC proof once its signature is altered', () => {
    const altered = `${RFC_PROOF.slice(0, -2)}${RFC_PROOF.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(verifier().verify(altered, RFC_REQUEST)).toBe('dpop_proof_invalid');
  });

  it('refuses the RFC proof for another access token (ath)', () => {
    expect(verifier().verify(RFC_PROOF, { ...RFC_REQUEST, accessToken: 'another' })).toBe(
      'dpop_token_hash_mismatch',
    );
  });

  it('accepts a proof signed by the fixture key', () => {
    expect(verifier().verify(proof(), REQUEST)).toMatchObject({ jti: 'j-1', iat: 1_700_000_000 });
  });

  it.each([
    ['not a JWS', 'not-a-proof'],
    ['a typ other than dpop+jwt', proof({ typ: 'JWT' })],
    ['no typ', proof({ typ: undefined })],
    ['a jwk with its private member d', proof({ jwk: { ...ecJwk, d: 'AAAA' } })],
    ['a symmetric jwk', proof({ jwk: { kty: 'oct', k: 'c2VjcmV0' } })],
    ['no jwk', proof({ jwk: undefined })],
    ['a jwk of another key', proof({ jwk: { ...ecJwk, x: RFC_JKT } })],
    ['a jku header', proof({ jku: 'https://evil.example/jwks' })],
    ['a crit header', proof({ crit: ['exp'] })],
    ['no jti', proof({}, { jti: undefined })],
    ['no iat', proof({}, { iat: undefined })],
    ['a text iat', proof({}, { iat: '1700000000' })],
    ['no ath', proof({}, { ath: undefined })],
    ['a header that is not base64url JSON', `${'%%%'}${proof().slice(proof().indexOf('.'))}`],
    ['a header that is a JSON array', `${segment(['dpop+jwt'])}${proof().slice(proof().indexOf('.'))}`],
    [
      'claims that are a JSON string',
      (() => {
        const [header, , signature] = proof().split('.');
        return `${header}.${Buffer.from('"claims"').toString('base64url')}.${signature}`;
      })(),
    ],
    ['a jwk that is an array', proof({ jwk: [ecJwk] })],
  ])('refuses a proof with %s as dpop_proof_invalid', (_case, value) => {
    expect(verifier().verify(value, REQUEST)).toBe('dpop_proof_invalid');
  });

  it.each([
    ['HS256, a symmetric algorithm', 'HS256'],
    ['none', 'none'],
    ['an algorithm outside dpop.algorithms', 'ES256'],
  ])('refuses %s as dpop_algorithm_not_allowed', (_case, alg) => {
    const checker = alg === 'ES256' ? verifier({ algorithms: ['EdDSA'] }) : verifier();
    expect(checker.verify(proof({ alg }), REQUEST)).toBe('dpop_algorithm_not_allowed');
  });

  it('refuses a proof whose alg does not fit its key (ES384 with a P-256 key)', () => {
    expect(verifier().verify(proof({ alg: 'ES384' }), REQUEST)).toBe('dpop_proof_invalid');
  });

  it('refuses another method, compared exactly', () => {
    expect(verifier().verify(proof({}, { htm: 'get' }), REQUEST)).toBe('dpop_method_mismatch');
    expect(verifier().verify(proof({}, { htm: 'POST' }), REQUEST)).toBe('dpop_method_mismatch');
  });

  it.each([
    ['another path', 'https://api.example.test/other'],
    ['another scheme', 'http://api.example.test/notes'],
    ['another port', 'https://api.example.test:8443/notes'],
    ['a relative URL', '/notes'],
  ])('refuses an htu with %s', (_case, htu) => {
    expect(verifier().verify(proof({}, { htu }), REQUEST)).toBe('dpop_url_mismatch');
  });

  it.each([
    ['a query and a fragment', 'https://api.example.test/notes?page=2#top'],
    ['the host in upper case and the default port', 'HTTPS://API.example.test:443/notes'],
    ['dot segments', 'https://api.example.test/a/../notes'],
  ])('accepts an htu with %s (RFC 9449 §4.3 normalisation)', (_case, htu) => {
    expect(verifier().verify(proof({}, { htu }), REQUEST)).toMatchObject({ jti: 'j-1' });
  });

  it('accepts an iat up to proofWindow seconds either way, and refuses beyond', () => {
    const checker = verifier({ proofWindow: 30 });
    expect(checker.verify(proof({}, { iat: 1_700_000_000 - 30 }), REQUEST)).toMatchObject({ jti: 'j-1' });
    expect(checker.verify(proof({}, { iat: 1_700_000_000 + 30 }), REQUEST)).toMatchObject({ jti: 'j-1' });
    expect(checker.verify(proof({}, { iat: 1_700_000_000 - 31 }), REQUEST)).toBe('dpop_proof_stale');
    expect(checker.verify(proof({}, { iat: 1_700_000_000 + 31 }), REQUEST)).toBe('dpop_proof_stale');
  });

  it('with nonces, refuses a proof without a current nonce and accepts one with it', () => {
    const nonces = new DpopNonceSource('a-nonce-secret-of-at-least-32-characters', 300);
    const checker = verifier({ nonce: true }, nonces);
    expect(checker.verify(proof(), REQUEST)).toBe('dpop_nonce_required');
    expect(checker.verify(proof({}, { nonce: 'made-up' }), REQUEST)).toBe('dpop_nonce_required');
    const nonce = nonces.current(REQUEST.now);
    expect(checker.verify(proof({}, { nonce }), REQUEST)).toMatchObject({ jti: 'j-1' });
  });

  it('checks a token request’s proof (RFC 9449 §5) without ath, and ignores one it carries', () => {
    const tokenRequest = { ...REQUEST, accessToken: undefined };
    expect(verifier().verify(proof({}, { ath: undefined }), tokenRequest)).toMatchObject({ jti: 'j-1' });
    expect(verifier().verify(proof(), tokenRequest)).toMatchObject({ jti: 'j-1' });
  });

  it('refuses a proof longer than the length limit before decoding it', () => {
    const checker = new DpopProofVerifier(resolveDpopOptions(true)!, 100, undefined);
    expect(checker.verify(proof(), REQUEST)).toBe('dpop_proof_invalid');
  });
});

describe('normalizeHtu', () => {
  it('keeps the origin and the path, without query or fragment', () => {
    expect(normalizeHtu('https://Api.Example.test:443/a/./b?x=1#f')).toBe('https://api.example.test/a/b');
  });

  it('writes percent-encodings in upper case (RFC 3986 §6.2.2.1)', () => {
    expect(normalizeHtu('https://api.example.test/caf%c3%a9')).toBe('https://api.example.test/caf%C3%A9');
  });

  it('decodes percent-encoded unreserved characters (RFC 3986 §6.2.2.2)', () => {
    expect(normalizeHtu('https://api.example.test/%7Euser/%61%2D%2e')).toBe(
      'https://api.example.test/~user/a-.',
    );
    expect(normalizeHtu('https://api.example.test/a%2fb%20c')).toBe('https://api.example.test/a%2Fb%20c');
  });

  it('is undefined for what is not an absolute http(s) URL', () => {
    expect(normalizeHtu('ftp://api.example.test/')).toBeUndefined();
    expect(normalizeHtu('/relative')).toBeUndefined();
    expect(normalizeHtu(42)).toBeUndefined();
  });
});
