import { Logger } from '@nestjs/common';
import { randomUUID, type KeyObject } from 'node:crypto';
import { testKeyPair } from '../../test/support/test-keys';
import { forgeToken, signerFor } from '../../test/keys/jws-forge';
import { eventually, JwksProvider, unreachableUrl } from '../../test/keys/jwks-provider';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import type { JwksOptions } from './jwks.options';
import { JwtTokenError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const ISSUER = 'https://id.example.com/';
const first = testKeyPair('rsa-2048-a');
const second = testKeyPair('rsa-2048-b');
const weak = testKeyPair('rsa-1024');
const p256 = testKeyPair('ec-p256');

const jwk = (key: KeyObject, members: Record<string, unknown>) => ({
  ...(key.export({ format: 'jwk' }) as object),
  use: 'sig',
  ...members,
});

describe('JwtTokenService with jwksUri', () => {
  let provider: JwksProvider;
  let url: string;
  let now: number;
  let warn: jest.SpyInstance;
  const services: JwtTokenService[] = [];

  beforeEach(async () => {
    provider = new JwksProvider();
    url = await provider.start();
    now = 1_750_000_000_000;
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    provider.serve(jwk(first.publicKey, { kid: 'first', alg: 'RS256' }));
  });

  afterEach(async () => {
    for (const service of services.splice(0)) service.onModuleDestroy();
    warn.mockRestore();
    await provider.stop();
  });

  function service(jwksOptions: JwksOptions = {}, options: JwtAuthOptions = {}): JwtTokenService {
    const created = new JwtTokenService(
      resolveJwtAuthOptions({ jwksUri: url, issuer: ISSUER, jwksOptions, clock: () => now, ...options }),
    );
    services.push(created);
    return created;
  }

  function token(key: KeyObject, header: Record<string, unknown>, alg = 'RS256'): string {
    const seconds = Math.floor(now / 1000);
    return forgeToken(
      { alg, ...header },
      { sub: 'alice', iss: ISSUER, iat: seconds, exp: seconds + 300 },
      signerFor(alg, key),
    );
  }

  async function refusal(verifier: JwtTokenService, jwt: string): Promise<string> {
    const error = await verifier.verifyToken(jwt).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof JwtTokenError)) throw new Error(`expected a JwtTokenError, got ${String(error)}`);
    return error.code;
  }

  // The provider withdraws `first` and a cacheMaxAge of 60 s passes: `jwt` is still accepted at once
  // from the stale set while the refetch runs behind it, then refused once the new set is in.
  async function expectRefusedOnceWithdrawn(verifier: JwtTokenService, jwt: string): Promise<void> {
    provider.serve(jwk(second.publicKey, { kid: 'second', alg: 'RS256' }));
    now += 60_000;
    await expect(verifier.verifyToken(jwt)).resolves.toMatchObject({ sub: 'alice' });
    await eventually(() => verifier.keySetGeneration === 2);
    expect(await refusal(verifier, jwt)).toBe('key_unknown');
  }

  const loggedReason = () => warn.mock.calls.map(([message]) => String(message)).join('\n');

  describe('tryVerifyToken', () => {
    it('answers with a promise, as the key may have to be fetched, and a refusal as its value', async () => {
      const verifier = service();
      const verified = verifier.tryVerifyToken(token(first.privateKey, { kid: 'first' }));
      expect(verified).toBeInstanceOf(Promise);
      await expect(verified).resolves.toMatchObject({ sub: 'alice' });
      const refused = verifier.tryVerifyToken(token(second.privateKey, { kid: 'second' }));
      expect(refused).toBeInstanceOf(Promise);
      await expect(refused).resolves.toMatchObject({ code: 'key_unknown' });
    });
  });

  describe('a healthy provider', () => {
    it('verifies a token signed with a key of its JWKS', async () => {
      await expect(service().verifyToken(token(first.privateKey, { kid: 'first' }))).resolves.toMatchObject({
        sub: 'alice',
      });
    });

    it('fetches the set once for many tokens', async () => {
      const verifier = service();
      for (let i = 0; i < 5; i++) await verifier.verifyToken(token(first.privateKey, { kid: 'first' }));
      expect(provider.hits).toBe(1);
    });

    it('shares one fetch between concurrent requests', async () => {
      const verifier = service();
      await Promise.all(
        Array.from({ length: 10 }, () => verifier.verifyToken(token(first.privateKey, { kid: 'first' }))),
      );
      expect(provider.hits).toBe(1);
    });

    it("refuses a token of another issuer, even signed with the provider's key", async () => {
      const seconds = Math.floor(now / 1000);
      const jwt = forgeToken(
        { alg: 'RS256', kid: 'first' },
        { sub: 'alice', iss: 'https://other-tenant.example/', exp: seconds + 60 },
        signerFor('RS256', first.privateKey),
      );
      expect(await refusal(service(), jwt)).toBe('issuer_invalid');
    });

    it('uses a key without alg for the allowed algorithms it fits', async () => {
      provider.serve(jwk(first.publicKey, { kid: 'first' }));
      const verifier = service();
      await expect(verifier.verifyToken(token(first.privateKey, { kid: 'first' }))).resolves.toMatchObject({
        sub: 'alice',
      });
      expect(await refusal(verifier, token(first.privateKey, { kid: 'first' }, 'PS256'))).toBe(
        'algorithm_not_allowed',
      );
    });

    it('never uses a key for another algorithm than the one it states', async () => {
      provider.serve(jwk(first.publicKey, { kid: 'first', alg: 'PS256' }));
      expect(
        await refusal(
          service({}, { algorithms: ['RS256', 'PS256'] }),
          token(first.privateKey, { kid: 'first' }),
        ),
      ).toBe('key_unknown');
    });

    it('skips keys it must not use: encryption keys, weak RSA keys, unsupported curves', async () => {
      provider.serve(
        jwk(first.publicKey, { kid: 'enc', use: 'enc' }),
        jwk(weak.publicKey, { kid: 'weak', alg: 'RS256' }),
        jwk(p256.publicKey, { kid: 'ec', alg: 'ES256' }),
        jwk(second.publicKey, { kid: 'second', alg: 'RS256' }),
      );
      const verifier = service();
      expect(await refusal(verifier, token(first.privateKey, { kid: 'enc' }))).toBe('key_unknown');
      expect(await refusal(verifier, token(weak.privateKey, { kid: 'weak' }))).toBe('key_unknown');
      await expect(verifier.verifyToken(token(second.privateKey, { kid: 'second' }))).resolves.toMatchObject({
        sub: 'alice',
      });
    });
  });

  describe('rotation', () => {
    it('fetches the set again when a token names a new kid, and accepts it', async () => {
      const verifier = service({ cooldown: 1000 });
      await verifier.verifyToken(token(first.privateKey, { kid: 'first' }));
      provider.serve(
        jwk(first.publicKey, { kid: 'first', alg: 'RS256' }),
        jwk(second.publicKey, { kid: 'second', alg: 'RS256' }),
      );
      now += 1000;
      await expect(verifier.verifyToken(token(second.privateKey, { kid: 'second' }))).resolves.toMatchObject({
        sub: 'alice',
      });
      expect(provider.hits).toBe(2);
    });

    it('moves the key set generation when a fetch brings different keys, and only then', async () => {
      const verifier = service({ cooldown: 0 });
      expect(verifier.keySetGeneration).toBe(0);
      await verifier.verifyToken(token(first.privateKey, { kid: 'first' }));
      expect(verifier.keySetGeneration).toBe(1);
      await refusal(verifier, token(second.privateKey, { kid: 'unknown' }));
      expect(provider.hits).toBe(2);
      expect(verifier.keySetGeneration).toBe(1);
      provider.serve(jwk(second.publicKey, { kid: 'second', alg: 'RS256' }));
      await verifier.verifyToken(token(second.privateKey, { kid: 'second' }));
      expect(verifier.keySetGeneration).toBe(2);
    });

    it('drops a withdrawn key once the cached set is older than cacheMaxAge', async () => {
      const verifier = service({ cacheMaxAge: 60_000, cooldown: 0 });
      const old = token(first.privateKey, { kid: 'first' });
      await verifier.verifyToken(old);
      await expectRefusedOnceWithdrawn(verifier, old);
    });

    it('refetches a stale set on a token cache hit, so a withdrawn key does not stay trusted', async () => {
      const verifier = service({ cacheMaxAge: 60_000, cooldown: 0 });
      const cached = token(first.privateKey, { kid: 'first' });
      await verifier.verifyToken(cached); // fetches the set
      await verifier.verifyToken(cached); // verified again under that set, and remembered
      await verifier.verifyToken(cached); // a cache hit
      expect(provider.hits).toBe(1);
      // Only the cached token arrives: its hit must start the refetch.
      await expectRefusedOnceWithdrawn(verifier, cached);
    });

    it('keeps serving a cached token while its set is younger than cacheMaxAge, without fetching', async () => {
      const verifier = service({ cacheMaxAge: 60_000, cooldown: 0 });
      const cached = token(first.privateKey, { kid: 'first' });
      await verifier.verifyToken(cached);
      await verifier.verifyToken(cached);
      now += 59_999;
      await expect(verifier.verifyToken(cached)).resolves.toMatchObject({ sub: 'alice' });
      expect(provider.hits).toBe(1);
    });

    it('fetches at most once per cooldown, however many unknown kids arrive', async () => {
      const verifier = service({ cooldown: 30_000 });
      await verifier.verifyToken(token(first.privateKey, { kid: 'first' }));
      for (let i = 0; i < 25; i++) {
        expect(await refusal(verifier, token(first.privateKey, { kid: randomUUID() }))).toBe('key_unknown');
      }
      expect(provider.hits).toBe(1);
    });

    it('fetches again for an unknown kid once the cooldown has passed', async () => {
      const verifier = service({ cooldown: 30_000 });
      await verifier.verifyToken(token(first.privateKey, { kid: 'first' }));
      now += 30_000;
      await refusal(verifier, token(first.privateKey, { kid: randomUUID() }));
      expect(provider.hits).toBe(2);
    });
  });

  describe('a provider in trouble', () => {
    it('refuses tokens with keys_unavailable when the provider is unreachable', async () => {
      url = await unreachableUrl();
      expect(await refusal(service(), token(first.privateKey, { kid: 'first' }))).toBe('keys_unavailable');
      expect(loggedReason()).toMatch(/refused \(unavailable: .*\); no key set yet/);
    });

    it('gives up on a provider slower than the timeout', async () => {
      provider.answer = { kind: 'hang' };
      expect(await refusal(service({ timeout: 100 }), token(first.privateKey, { kid: 'first' }))).toBe(
        'keys_unavailable',
      );
      expect(loggedReason()).toMatch(/no answer within 100 ms/);
    });

    it('keeps the last good set while the provider is down', async () => {
      const verifier = service({ cacheMaxAge: 60_000, cooldown: 0 });
      const jwt = token(first.privateKey, { kid: 'first' });
      await verifier.verifyToken(jwt);
      await provider.stop();
      now += 120_000;
      await expect(verifier.verifyToken(jwt)).resolves.toMatchObject({ sub: 'alice' });
      expect(await refusal(verifier, token(second.privateKey, { kid: 'second' }))).toBe('key_unknown');
      expect(loggedReason()).toMatch(/keeping the last good key set/);
      provider = new JwksProvider();
      url = await provider.start();
    });

    it('retries an unreachable provider only after the cooldown', async () => {
      provider.answer = { kind: 'text', body: 'busy', status: 503 };
      const verifier = service({ cooldown: 30_000 });
      for (let i = 0; i < 5; i++)
        expect(await refusal(verifier, token(first.privateKey, { kid: 'first' }))).toBe('keys_unavailable');
      expect(provider.hits).toBe(1);
      provider.serve(jwk(first.publicKey, { kid: 'first', alg: 'RS256' }));
      now += 30_000;
      await expect(verifier.verifyToken(token(first.privateKey, { kid: 'first' }))).resolves.toMatchObject({
        sub: 'alice',
      });
    });

    it('does not follow a redirect', async () => {
      provider.answer = { kind: 'text', body: '', status: 302 };
      expect(await refusal(service(), token(first.privateKey, { kid: 'first' }))).toBe('keys_unavailable');
      expect(loggedReason()).toMatch(/HTTP status 302/);
    });
  });

  describe('a bad JWKS document', () => {
    it.each([
      [
        'text that is not JSON',
        { kind: 'text', body: '<html>oops</html>' },
        /malformed: the JWKS is not JSON/,
      ],
      [
        'JSON without a keys array',
        { kind: 'json', body: { keys: { kid: 'first' } } },
        /malformed: the JWKS is not an object with a "keys" array/,
      ],
      ['a keys array holding a string', { kind: 'json', body: { keys: ['first'] } }, /malformed/],
      ['JSON null', { kind: 'json', body: null }, /malformed/],
    ] as const)('refuses %s', async (_, answer, reason) => {
      provider.answer = answer;
      expect(await refusal(service(), token(first.privateKey, { kid: 'first' }))).toBe('keys_unavailable');
      expect(loggedReason()).toMatch(reason);
    });

    it('refuses a set holding a private key, and every key in it', async () => {
      provider.serve(jwk(first.privateKey, { kid: 'first', alg: 'RS256' }));
      expect(await refusal(service(), token(first.privateKey, { kid: 'first' }))).toBe('keys_unavailable');
      expect(loggedReason()).toMatch(/private_key/);
    });

    it('refuses a set holding a symmetric key', async () => {
      provider.serve(jwk(first.publicKey, { kid: 'first', alg: 'RS256' }), {
        kty: 'oct',
        kid: 'hmac',
        k: 'c2VjcmV0',
      });
      expect(await refusal(service(), token(first.privateKey, { kid: 'first' }))).toBe('keys_unavailable');
    });

    it('keeps the last good set when the provider starts serving a private key', async () => {
      const verifier = service({ cooldown: 0 });
      const jwt = token(first.privateKey, { kid: 'first' });
      await verifier.verifyToken(jwt);
      provider.serve(jwk(second.privateKey, { kid: 'second', alg: 'RS256' }));
      expect(await refusal(verifier, token(second.privateKey, { kid: 'second' }))).toBe('key_unknown');
      await expect(verifier.verifyToken(jwt)).resolves.toMatchObject({ sub: 'alice' });
    });

    it('refuses a set whose content-length is over maxBytes', async () => {
      provider.serve(jwk(first.publicKey, { kid: 'first', alg: 'RS256', padding: 'x'.repeat(2000) }));
      expect(await refusal(service({ maxBytes: 1000 }), token(first.privateKey, { kid: 'first' }))).toBe(
        'keys_unavailable',
      );
      expect(loggedReason()).toMatch(/too_large/);
    });

    it('refuses a set sent without content-length that grows over maxBytes', async () => {
      provider.answer = {
        kind: 'json',
        body: { keys: [jwk(first.publicKey, { kid: 'first', alg: 'RS256', padding: 'x'.repeat(5000) })] },
        chunked: true,
      };
      expect(await refusal(service({ maxBytes: 1000 }), token(first.privateKey, { kid: 'first' }))).toBe(
        'keys_unavailable',
      );
      expect(loggedReason()).toMatch(/too_large/);
    });
  });
});
