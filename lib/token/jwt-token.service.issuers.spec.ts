import { Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { forgeToken, signerFor } from '../../test/keys/jws-forge';
import { eventually, JwksProvider } from '../../test/keys/jwks-provider';
import { testKeyPair } from '../../test/support/test-keys';
import type { IssuerOptions } from '../issuers/issuer.options';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const KEYCLOAK = 'https://sso.example.com/realms/acme';
const PARTNER = 'https://partner.example.org/';
const rsaA = testKeyPair('rsa-2048-a');
const rsaB = testKeyPair('rsa-2048-b');
const ec = testKeyPair('ec-p256');
const SECRET = 'a-shared-secret-of-at-least-64-bytes-for-hs512-0123456789abcdefghijk';

describe('JwtTokenService with issuers', () => {
  let now: number;
  let jwks: JwksProvider;
  let jwksUrl: string;
  let warn: jest.SpyInstance;
  const services: JwtTokenService[] = [];

  beforeEach(async () => {
    now = 1_750_000_000_000;
    jwks = new JwksProvider();
    jwksUrl = await jwks.start();
    jwks.serve({
      ...(rsaB.publicKey.export({ format: 'jwk' }) as object),
      kid: 'partner-1',
      alg: 'RS256',
      use: 'sig',
    });
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const service of services.splice(0)) service.onModuleDestroy();
    warn.mockRestore();
    await jwks.stop();
  });

  // Keycloak's keys configured here; the partner's fetched from its JWK Set.
  function issuers(overrides: Partial<IssuerOptions> = {}): IssuerOptions[] {
    return [
      {
        issuer: KEYCLOAK,
        audience: 'orders-api',
        keys: [{ kid: 'kc-1', publicKey: rsaA.publicKey }],
        ...overrides,
      },
      {
        issuer: PARTNER,
        audience: ['orders', 'https://orders.example.com'],
        algorithms: ['RS256'],
        jwksUri: jwksUrl,
      },
    ];
  }

  function service(options: JwtAuthOptions = { issuers: issuers() }): JwtTokenService {
    const created = new JwtTokenService(resolveJwtAuthOptions({ clock: () => now, ...options }));
    services.push(created);
    return created;
  }

  function token(
    key: KeyObject | string,
    header: Record<string, unknown>,
    claims: Record<string, unknown>,
  ): string {
    const seconds = Math.floor(now / 1000);
    const alg = (header.alg as string) ?? 'RS256';
    return forgeToken(
      { alg, ...header },
      { sub: 'alice', iat: seconds, exp: seconds + 300, ...claims },
      signerFor(alg, key),
    );
  }

  async function outcome(verifier: JwtTokenService, jwt: string): Promise<string> {
    const result = await verifier.tryVerifyToken(jwt);
    return result instanceof JwtTokenError ? result.code : `accepted ${String(result.sub)}`;
  }

  it("verifies each issuer's tokens with its own keys: configured, or fetched from its JWK Set", async () => {
    const verifier = service();
    expect(
      await outcome(verifier, token(rsaA.privateKey, { kid: 'kc-1' }, { iss: KEYCLOAK, aud: 'orders-api' })),
    ).toBe('accepted alice');
    expect(
      await outcome(verifier, token(rsaB.privateKey, { kid: 'partner-1' }, { iss: PARTNER, aud: 'orders' })),
    ).toBe('accepted alice');
  });

  it('answers at once, without a promise, for an issuer whose keys are configured', () => {
    const verified = service().tryVerifyToken(
      token(rsaA.privateKey, { kid: 'kc-1' }, { iss: KEYCLOAK, aud: 'orders-api' }),
    );
    expect(verified).not.toBeInstanceOf(Promise);
    expect(verified).toMatchObject({ sub: 'alice' });
  });

  it("never verifies an issuer's token with another issuer's key", async () => {
    const verifier = service();
    // Signed with the partner's key, whose kid the partner's set has, but claiming Keycloak.
    expect(
      await outcome(
        verifier,
        token(rsaB.privateKey, { kid: 'partner-1' }, { iss: KEYCLOAK, aud: 'orders-api' }),
      ),
    ).toBe('key_unknown');
    // Signed with Keycloak's key and kid, but claiming the partner: looked up in the partner's set only.
    expect(
      await outcome(verifier, token(rsaA.privateKey, { kid: 'kc-1' }, { iss: PARTNER, aud: 'orders' })),
    ).toBe('key_unknown');
    expect(jwks.hits).toBe(1);
  });

  it.each([
    ['another issuer', 'https://evil.example.net/'],
    ['a listed issuer with a trailing slash', `${KEYCLOAK}/`],
    ['a listed issuer in another case', KEYCLOAK.toUpperCase()],
    ['a number', 42],
    ['no issuer', undefined],
  ])('refuses a token of %s as issuer_invalid, before any key is fetched', async (_name, iss) => {
    const verifier = service();
    expect(
      await outcome(verifier, token(rsaB.privateKey, { kid: 'partner-1' }, { iss, aud: 'orders' })),
    ).toBe('issuer_invalid');
    expect(jwks.hits).toBe(0);
  });

  it("checks each issuer's audience", async () => {
    const verifier = service();
    expect(
      await outcome(verifier, token(rsaA.privateKey, { kid: 'kc-1' }, { iss: KEYCLOAK, aud: 'orders' })),
    ).toBe('audience_invalid');
    expect(
      await outcome(
        verifier,
        token(
          rsaB.privateKey,
          { kid: 'partner-1' },
          { iss: PARTNER, aud: ['x', 'https://orders.example.com'] },
        ),
      ),
    ).toBe('accepted alice');
  });

  it('checks client_id instead of aud with audienceClaim: client_id, as Cognito access tokens need', async () => {
    const verifier = service({ issuers: issuers({ audience: 'app-client-1', audienceClaim: 'client_id' }) });
    const cognito = (claims: Record<string, unknown>) =>
      outcome(verifier, token(rsaA.privateKey, { kid: 'kc-1' }, { iss: KEYCLOAK, ...claims }));
    expect(await cognito({ client_id: 'app-client-1', token_use: 'access' })).toBe('accepted alice');
    expect(await cognito({ client_id: 'app-client-2' })).toBe('audience_invalid');
    expect(await cognito({ client_id: ['app-client-1'] })).toBe('audience_invalid');
    // An ID token: its aud names the app client, but it has no client_id.
    expect(await cognito({ aud: 'app-client-1', token_use: 'id' })).toBe('audience_invalid');
  });

  it("checks each issuer's algorithms", async () => {
    const verifier = service({
      issuers: issuers({ algorithms: ['ES256'], keys: [{ kid: 'kc-ec', publicKey: ec.publicKey }] }),
    });
    expect(
      await outcome(
        verifier,
        token(ec.privateKey, { alg: 'ES256', kid: 'kc-ec' }, { iss: KEYCLOAK, aud: 'orders-api' }),
      ),
    ).toBe('accepted alice');
    // ES256 is allowed for Keycloak, not for the partner.
    expect(
      await outcome(
        verifier,
        token(ec.privateKey, { alg: 'ES256', kid: 'kc-ec' }, { iss: PARTNER, aud: 'orders' }),
      ),
    ).toBe('algorithm_not_allowed');
    // An alg no entry allows is refused from the header alone.
    expect(
      await outcome(verifier, token(SECRET, { alg: 'HS256' }, { iss: KEYCLOAK, aud: 'orders-api' })),
    ).toBe('algorithm_not_allowed');
    expect(jwks.hits).toBe(0);
  });

  it('refuses a payload that is not an object before looking for the issuer', async () => {
    const jwt = forgeToken(
      { alg: 'RS256', kid: 'partner-1' },
      '["not", "an", "object"]',
      signerFor('RS256', rsaB.privateKey),
    );
    expect(await outcome(service(), jwt)).toBe('payload_not_object');
    expect(jwks.hits).toBe(0);
  });

  describe("beside the module's own keys", () => {
    it('gives the own keys the tokens of "issuer", and refuses the other unlisted ones', async () => {
      const verifier = service({ secret: SECRET, issuer: 'orders-service', issuers: issuers() });
      const own = await verifier.createToken('bob');
      expect(await outcome(verifier, own)).toBe('accepted bob');
      expect(await outcome(verifier, token(SECRET, { alg: 'HS512' }, { iss: 'someone-else' }))).toBe(
        'issuer_invalid',
      );
      expect(
        await outcome(
          verifier,
          token(rsaA.privateKey, { kid: 'kc-1' }, { iss: KEYCLOAK, aud: 'orders-api' }),
        ),
      ).toBe('accepted alice');
    });

    it('without "issuer", gives the own keys every token whose iss no entry lists, and none of those that one lists', async () => {
      const verifier = service({ secret: SECRET, issuers: issuers() });
      expect(await outcome(verifier, await verifier.createToken('bob'))).toBe('accepted bob');
      expect(await outcome(verifier, token(SECRET, { alg: 'HS512' }, { iss: 'anyone' }))).toBe(
        'accepted alice',
      );
      // A token claiming Keycloak is Keycloak's to verify, even when signed with the own secret.
      expect(
        await outcome(verifier, token(SECRET, { alg: 'HS512' }, { iss: KEYCLOAK, aud: 'orders-api' })),
      ).toBe('algorithm_not_allowed');
    });

    it('refuses at start-up an "issuer" that an entry lists too', () => {
      expect(() => service({ secret: SECRET, issuer: KEYCLOAK, issuers: issuers() })).toThrow(
        `"issuer" "${KEYCLOAK}" is also issuers[0].issuer: a token's "iss" must name one entry.`,
      );
    });
  });

  it('is verify-only with issuers and no key of its own', async () => {
    await expect(service().createToken('bob')).rejects.toThrow('verify-only');
  });

  it("changes keySetGeneration when an issuer's fetched keys change", async () => {
    const verifier = service();
    expect(verifier.keySetGeneration).toBe(0);
    await outcome(verifier, token(rsaB.privateKey, { kid: 'partner-1' }, { iss: PARTNER, aud: 'orders' }));
    expect(verifier.keySetGeneration).toBe(1);
  });

  it("serves a repeated token from the cache, and refetches its issuer's stale keys on a hit", async () => {
    const verifier = service({
      issuers: [issuers()[0], { ...issuers()[1], fetch: { cacheMaxAge: 60_000, cooldown: 0 } }],
    });
    const jwt = token(
      rsaB.privateKey,
      { kid: 'partner-1' },
      { iss: PARTNER, aud: 'orders', exp: Math.floor(now / 1000) + 3600 },
    );
    expect(await outcome(verifier, jwt)).toBe('accepted alice');
    // The first fetch changed the key set generation, which empties the cache once.
    expect(await outcome(verifier, jwt)).toBe('accepted alice');
    expect(verifier.tryVerifyToken(jwt)).not.toBeInstanceOf(Promise);
    expect(jwks.hits).toBe(1);
    now += 60_000;
    expect(verifier.tryVerifyToken(jwt)).toMatchObject({ sub: 'alice' });
    await eventually(() => jwks.hits === 2);
  });
});
