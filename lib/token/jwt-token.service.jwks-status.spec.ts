import { Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { forgeToken, signerFor } from '../../test/keys/jws-forge';
import { eventually, JwksProvider } from '../../test/keys/jwks-provider';
import { testKeyPair } from '../../test/support/test-keys';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenService } from './jwt-token.service';

const ISSUER = 'https://id.example.com/';
const OTHER_ISSUER = 'https://other.example.com/';
const key = testKeyPair('rsa-2048-a');
const publicJwk = {
  ...(key.publicKey.export({ format: 'jwk' }) as object),
  kid: 'k1',
  alg: 'RS256',
  use: 'sig',
};

describe('JwtTokenService.jwksStatus()', () => {
  let provider: JwksProvider;
  let url: string;
  let now: number;
  let verifier: JwtTokenService | undefined;

  beforeEach(async () => {
    provider = new JwksProvider();
    url = await provider.start();
    provider.serve(publicJwk);
    now = 1_750_000_000_000;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    verifier?.onModuleDestroy();
    verifier = undefined;
    jest.restoreAllMocks();
    await provider.stop();
  });

  function service(options: JwtAuthOptions = { jwksUri: url, issuer: ISSUER }): JwtTokenService {
    verifier = new JwtTokenService(resolveJwtAuthOptions({ clock: () => now, ...options }));
    return verifier;
  }

  function token(signingKey: KeyObject = key.privateKey, iss = ISSUER): string {
    const seconds = Math.floor(now / 1000);
    return forgeToken(
      { alg: 'RS256', kid: 'k1' },
      { sub: 'alice', iss, exp: seconds + 3600 },
      signerFor('RS256', signingKey),
    );
  }

  it('lists nothing when no key is fetched', () => {
    expect(service({ secret: 's'.repeat(64) }).jwksStatus()).toEqual([]);
  });

  it('reports a source that no token has needed yet as not fetched, without fetching it', () => {
    expect(service().jwksStatus()).toEqual([
      {
        issuer: ISSUER,
        jwksUri: url,
        discoveryUrl: undefined,
        keyCount: 0,
        fetchedAt: undefined,
        cacheMaxAge: 600_000,
        lastFetchFailed: false,
        lastFailure: undefined,
        staleKeysInUse: false,
      },
    ]);
    expect(provider.hits).toBe(0);
  });

  it('reports the keys in hand and when they were fetched', async () => {
    const verifier = service();
    await verifier.verifyToken(token());
    expect(verifier.jwksStatus()[0]).toMatchObject({ keyCount: 1, fetchedAt: now, lastFetchFailed: false });
  });

  it('reports a failed fetch with its reason, keeping the time of the last good set', async () => {
    const verifier = service({ jwksUri: url, issuer: ISSUER, jwksOptions: { cooldown: 0 } });
    const fetchedAt = now;
    await verifier.verifyToken(token());
    now += 1000;
    provider.answer = { kind: 'text', body: 'Internal Server Error', status: 500 };
    await verifier.tryVerifyToken(
      forgeToken({ alg: 'RS256', kid: 'k2' }, { sub: 'a', iss: ISSUER }, signerFor('RS256', key.privateKey)),
    );
    const [status] = verifier.jwksStatus();
    expect(status).toMatchObject({ keyCount: 1, fetchedAt, lastFetchFailed: true, lastFailure: { at: now } });
    expect(status.lastFailure!.reason).toMatch(/500/);
  });

  it('reports stale keys in use once a token is verified with a set past cacheMaxAge whose refresh fails', async () => {
    const verifier = service({ jwksUri: url, issuer: ISSUER, jwksOptions: { cacheMaxAge: 60_000 } });
    await verifier.verifyToken(token());
    await provider.stop();
    now += 60_000;
    await expect(verifier.verifyToken(token())).resolves.toMatchObject({ sub: 'alice' });
    await eventually(() => verifier.jwksStatus()[0].lastFetchFailed);
    expect(verifier.jwksStatus()[0]).toMatchObject({ staleKeysInUse: true, keyCount: 1 });
    provider = new JwksProvider(); // for afterEach
    await provider.start();
  });

  it('stops reporting stale keys once a refresh brings a set', async () => {
    const verifier = service({ jwksUri: url, issuer: ISSUER, jwksOptions: { cacheMaxAge: 60_000 } });
    await verifier.verifyToken(token());
    now += 60_000;
    await verifier.verifyToken(token());
    await eventually(() => provider.hits === 2);
    await eventually(() => verifier.jwksStatus()[0].fetchedAt === now);
    expect(verifier.jwksStatus()[0].staleKeysInUse).toBe(false);
  });

  it("lists every issuer's fetched keys, the module's own first", async () => {
    const other = new JwksProvider();
    const otherUrl = await other.start();
    try {
      const verifier = service({
        jwksUri: url,
        issuer: ISSUER,
        issuers: [{ issuer: OTHER_ISSUER, audience: 'api', jwksUri: otherUrl }],
      });
      expect(verifier.jwksStatus().map(({ issuer, jwksUri }) => ({ issuer, jwksUri }))).toEqual([
        { issuer: ISSUER, jwksUri: url },
        { issuer: OTHER_ISSUER, jwksUri: otherUrl },
      ]);
    } finally {
      await other.stop();
    }
  });
});
