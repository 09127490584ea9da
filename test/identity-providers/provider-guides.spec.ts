import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JwtTokenError, JwtTokenService, type IssuerOptions } from 'nestjs-jwt-permissions';
import { resolveIssuers } from '../../lib/issuers/issuer.options';
import { resolveJwtAuthOptions } from '../../lib/jwt-auth.options';
import { forgeToken, signerFor } from '../keys/jws-forge';
import { describeDocPage } from '../support/doc-blocks';
import { testKeyPair } from '../support/test-keys';
import { auth0 } from './guides/auth0.issuer';
import { cognito } from './guides/cognito.issuer';
import { entraIdV1, entraIdV2 } from './guides/entra-id.issuer';
import { keycloak } from './guides/keycloak.issuer';

// The options block of each provider's guide is a file of this folder, shown byte for byte; here it
// is validated as the module validates it at start-up, and run on the provider's access token (its
// shape from the provider's documentation, in test/fixtures/provider-tokens) and on its ID token.
describeDocPage('providers/keycloak.md', 'test/identity-providers/guides/keycloak.issuer.ts');
describeDocPage('providers/entra-id.md', 'test/identity-providers/guides/entra-id.issuer.ts');
describeDocPage('providers/cognito.md', 'test/identity-providers/guides/cognito.issuer.ts');
describeDocPage('providers/auth0.md', 'test/identity-providers/guides/auth0.issuer.ts');

type Claims = Record<string, unknown>;

function providerToken(name: string): Claims {
  const file = join(__dirname, '..', 'fixtures', 'provider-tokens', `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Claims;
}

const { privateKey, publicKey } = testKeyPair('rsa-2048-a');

/**
 * Whether a service configured with `options` accepts `claims` signed by the provider: the guide's
 * entry as written, its keys configured here instead of fetched (the token is signed with a test key).
 */
async function verdict(options: IssuerOptions, claims: Claims): Promise<string> {
  const { jwksUri: _jwksUri, discovery: _discovery, jwksOrigins: _origins, ...entry } = options;
  const service = new JwtTokenService(
    resolveJwtAuthOptions({
      issuers: [{ ...entry, keys: [{ kid: 'provider-key', publicKey }] }],
      clock: () => (claims.iat as number) * 1000,
    }),
  );
  const token = forgeToken(
    { alg: 'RS256', typ: 'JWT', kid: 'provider-key' },
    claims,
    signerFor('RS256', privateKey),
  );
  const result = await service.tryVerifyToken(token);
  return result instanceof JwtTokenError ? result.code : 'accepted';
}

describe('the provider guides', () => {
  // What each preset maps from these fixtures is pinned in lib/issuers/claims-mapping.presets.spec.ts.
  it('give entries that pass start-up validation as written, side by side', () => {
    const entries = resolveIssuers([keycloak, entraIdV2, entraIdV1, cognito, auth0]);
    expect(entries.map((entry) => entry.keys.source)).toEqual([
      'discovery',
      'discovery',
      'jwks',
      'discovery',
      'discovery',
    ]);
  });

  describe('Keycloak', () => {
    const accessToken = providerToken('keycloak');

    it('accepts its access token, whose aud names the API', async () => {
      expect(await verdict(keycloak, accessToken)).toBe('accepted');
    });

    it('refuses its ID token, whose aud names the front end', async () => {
      expect(await verdict(keycloak, { ...accessToken, typ: 'ID', aud: 'web-app' })).toBe('audience_invalid');
    });
  });

  describe('Microsoft Entra ID', () => {
    const v2 = providerToken('entra-id');
    const v1 = {
      ...v2,
      iss: 'https://sts.windows.net/7a8b9c0d-1e2f-3a4b-5c6d-7e8f9a0b1c2d/',
      aud: 'api://4f1c2d3e-5a6b-7c8d-9e0f-a1b2c3d4e5f6',
      ver: '1.0',
    };

    it('accepts a v2.0 access token with the v2.0 entry, and a v1.0 one with the v1.0 entry', async () => {
      expect(await verdict(entraIdV2, v2)).toBe('accepted');
      expect(await verdict(entraIdV1, v1)).toBe('accepted');
    });

    it('refuses a v1.0 token with the v2.0 entry: another issuer', async () => {
      expect(await verdict(entraIdV2, v1)).toBe('issuer_invalid');
    });

    it("refuses an ID token, whose aud is the client app's id, and a token for Microsoft Graph", async () => {
      expect(await verdict(entraIdV2, { ...v2, aud: v2.azp })).toBe('audience_invalid');
      expect(await verdict(entraIdV2, { ...v2, aud: '00000003-0000-0000-c000-000000000000' })).toBe(
        'audience_invalid',
      );
    });
  });

  describe('Amazon Cognito', () => {
    const accessToken = providerToken('cognito');
    const idToken: Claims = {
      sub: accessToken.sub,
      iss: accessToken.iss,
      aud: accessToken.client_id,
      token_use: 'id',
      iat: accessToken.iat,
      exp: accessToken.exp,
      'cognito:groups': accessToken['cognito:groups'],
    };

    it('accepts its access token, which has no aud, by its client_id', async () => {
      expect(accessToken.aud).toBeUndefined();
      expect(await verdict(cognito, accessToken)).toBe('accepted');
    });

    it("refuses its ID token, whose aud is the app client's id but which has no client_id", async () => {
      expect(await verdict(cognito, idToken)).toBe('audience_invalid');
    });

    it('refuses the access token of another app client', async () => {
      expect(await verdict(cognito, { ...accessToken, client_id: '2other3456789' })).toBe('audience_invalid');
    });
  });

  describe('Auth0', () => {
    const accessToken = providerToken('auth0');

    it('accepts its access token, whose aud lists the API and /userinfo', async () => {
      expect(await verdict(auth0, accessToken)).toBe('accepted');
    });

    it("refuses its ID token, whose aud is the application's client id", async () => {
      expect(await verdict(auth0, { ...accessToken, aud: accessToken.azp })).toBe('audience_invalid');
    });

    it('refuses a token whose iss lacks the trailing slash', async () => {
      expect(await verdict(auth0, { ...accessToken, iss: 'https://acme.eu.auth0.com' })).toBe(
        'issuer_invalid',
      );
    });
  });
});
