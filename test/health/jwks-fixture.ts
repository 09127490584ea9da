import { forgeToken, signerFor } from '../keys/jws-forge';
import { testKeyPair } from '../support/test-keys';

/** The identity provider of the JWKS health scenarios. */
export const ISSUER = 'https://id.example.com/';
const KEY = testKeyPair('rsa-2048-b');

/** The provider's one public key, as its JWK Set serves it. */
export const PUBLIC_JWK = {
  ...(KEY.publicKey.export({ format: 'jwk' }) as object),
  kid: 'k1',
  alg: 'RS256',
  use: 'sig',
};

/** The `jwksOptions.cacheMaxAge` of the scenarios: a minute. */
export const CACHE_MAX_AGE = 60_000;

/** alice's token from the provider, valid for an hour from `now` (milliseconds). */
export function providerToken(now: number): string {
  const seconds = Math.floor(now / 1000);
  return forgeToken(
    { alg: 'RS256', kid: 'k1' },
    { sub: 'alice', iss: ISSUER, exp: seconds + 3600 },
    signerFor('RS256', KEY.privateKey),
  );
}
