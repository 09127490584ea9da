import { testKeyPair } from './test-keys';
import { jwkThumbprint } from './dpop-proof';
import { OidcTestProvider } from './oidc-provider.harness';

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

async function keyIds(issuer: string): Promise<string[]> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    jwks_uri: string;
  };
  const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

describe('OidcTestProvider (a real oidc-provider on loopback)', () => {
  let provider: OidcTestProvider;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({
      keys: ['rsa-2048-a'],
      clients: [
        { clientId: 'service', clientSecret: 'service-secret' },
        {
          clientId: 'keycloak-like',
          clientSecret: 'other-secret',
          claims: { realm_access: { roles: ['admin'] } },
        },
      ],
    });
  });

  afterAll(() => provider.stop());

  it('serves a discovery document naming its issuer and a loopback jwks_uri', async () => {
    const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`);
    const document = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(document.issuer).toBe(provider.issuer);
    expect(document.jwks_uri).toBe(`${provider.issuer}/jwks`);
  });

  it('issues an RFC 9068 access token for the resource by the client credentials grant', async () => {
    const { header, payload } = decode(await provider.accessToken({ scope: 'documents.read' }));
    expect(header).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: 'rsa-2048-a' });
    expect(payload).toMatchObject({
      iss: provider.issuer,
      aud: 'https://api.example.test',
      client_id: 'service',
      sub: 'service',
      scope: 'documents.read',
    });
    expect(payload.exp).toBe((payload.iat as number) + 300);
  });

  it("adds a client's configured claims to its tokens", async () => {
    const { payload } = decode(await provider.accessToken({ clientId: 'keycloak-like' }));
    expect(payload.realm_access).toEqual({ roles: ['admin'] });
  });

  it('grants only the requested scopes that the resource accepts', async () => {
    const { status, body } = await provider.tokenResponse({ scope: 'documents.read documents.delete' });
    expect(status).toBe(200);
    expect(body.scope).toBe('documents.read');
    expect(decode(body.access_token as string).payload.scope).toBe('documents.read');
  });

  it('binds a token to a DPoP key: cnf.jkt is the thumbprint of the proof key', async () => {
    const dpopKey = testKeyPair('ec-p256').privateKey;
    const { status, body } = await provider.tokenResponse({ dpopKey });
    expect(status).toBe(200);
    expect(body.token_type).toBe('DPoP');
    expect(decode(body.access_token as string).payload.cnf).toEqual({ jkt: jwkThumbprint(dpopKey) });
  });

  it('reports the requests it received since last asked, as METHOD /path', async () => {
    await provider.takeRequests();
    await fetch(`${provider.issuer}/jwks`);
    expect(await provider.takeRequests()).toEqual(['GET /jwks']);
    expect(await provider.takeRequests()).toEqual([]);
  });

  it('rotates its keys on the same issuer: the new first key signs, the old one stays published', async () => {
    await provider.rotateKeys(['rsa-2048-b', 'rsa-2048-a']);
    expect(await keyIds(provider.issuer)).toEqual(['rsa-2048-b', 'rsa-2048-a']);
    expect(decode(await provider.accessToken()).header.kid).toBe('rsa-2048-b');
    await provider.rotateKeys(['rsa-2048-b']);
    expect(await keyIds(provider.issuer)).toEqual(['rsa-2048-b']);
  });
});
