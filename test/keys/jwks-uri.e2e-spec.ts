import type { INestApplication } from '@nestjs/common';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { AppModule, ConsumerAppModule, ISSUER, JWKS_ROUTE, PROVIDER } from './app.module';
import { forgeToken, signerFor } from './jws-forge';
import { JwksProvider, unreachableUrl } from './jwks-provider';
import { testKeyPair } from '../support/test-keys';

const PROVIDER_KEY = testKeyPair('rsa-2048-b');
const NEXT_PROVIDER_KEY = testKeyPair('rsa-2048-a');
const seconds = () => Math.floor(Date.now() / 1000);
const providerToken = (kid = 'provider-1', lifetime = 300) =>
  forgeToken(
    { alg: 'RS256', kid },
    { sub: 'alice', iss: ISSUER, exp: seconds() + lifetime },
    signerFor('RS256', PROVIDER_KEY.privateKey),
  );
const publicJwk = {
  ...(PROVIDER_KEY.publicKey.export({ format: 'jwk' }) as object),
  kid: 'provider-1',
  alg: 'RS256',
  use: 'sig',
};
const privateJwk = {
  ...(PROVIDER_KEY.privateKey.export({ format: 'jwk' }) as object),
  kid: 'provider-1',
  alg: 'RS256',
  use: 'sig',
};

describe.each(PLATFORMS)('JWKS in (%s)', (platform) => {
  const whoami = (server: any, token: string) =>
    request(server).get('/whoami').set('Authorization', `Bearer ${token}`);

  describe('from an identity provider', () => {
    let provider: JwksProvider;
    let app: INestApplication;

    beforeAll(async () => {
      provider = new JwksProvider();
      PROVIDER.jwksUri = await provider.start();
      app = await createApp(ConsumerAppModule, platform);
    });
    afterAll(async () => {
      await app.close();
      await provider.stop();
    });

    it.each([
      ['is malformed', { kind: 'text', body: '{"keys": ' }],
      ['is too large', { kind: 'json', body: { keys: [{ ...publicJwk, padding: 'x'.repeat(8192) }] } }],
      ['holds a private key', { kind: 'json', body: { keys: [privateJwk] } }],
      ['is an error page', { kind: 'text', body: 'Internal Server Error', status: 500 }],
    ] as const)('answers 401 invalid_token while its JWKS %s', async (_, answer) => {
      provider.answer = answer;
      const response = await whoami(app.getHttpServer(), providerToken()).expect(401);
      expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('accepts its tokens once it serves a good JWKS', async () => {
      provider.serve(publicJwk);
      const response = await whoami(app.getHttpServer(), providerToken()).expect(200);
      expect(response.body).toEqual({ userId: 'alice' });
    });

    it('answers 401 invalid_token to a token whose kid the provider does not have', async () => {
      await whoami(app.getHttpServer(), providerToken('provider-2')).expect(401);
    });

    it('stops accepting a cached token once the provider withdraws its key and cacheMaxAge has passed', async () => {
      provider.serve(publicJwk);
      const token = providerToken('provider-1', 3600);
      for (let i = 0; i < 3; i++) await whoami(app.getHttpServer(), token).expect(200);
      provider.serve({
        ...(NEXT_PROVIDER_KEY.publicKey.export({ format: 'jwk' }) as object),
        kid: 'provider-2',
        alg: 'RS256',
        use: 'sig',
      });
      try {
        PROVIDER.clockOffset = 600_000; // the default cacheMaxAge: the set fetched above is now stale
        // Only this cached token arrives; its hit starts the refetch, whose new set drops the key.
        let status = 200;
        for (let attempt = 0; attempt < 100 && status === 200; attempt++) {
          status = (await whoami(app.getHttpServer(), token)).status;
          if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(status).toBe(401);
      } finally {
        PROVIDER.clockOffset = 0;
      }
    });
  });

  describe('from an unreachable provider', () => {
    let app: INestApplication;

    beforeAll(async () => {
      PROVIDER.jwksUri = await unreachableUrl();
      app = await createApp(ConsumerAppModule, platform);
    });
    afterAll(() => app.close());

    it('answers 401 invalid_token, not 500', async () => {
      const response = await whoami(app.getHttpServer(), providerToken()).expect(401);
      expect(response.body.code).toBe('token_invalid');
    });
  });

  describe("from another service's jwksRoute", () => {
    let issuer: INestApplication;
    let consumer: INestApplication;

    beforeAll(async () => {
      issuer = await createApp(AppModule, platform);
      await issuer.listen(0, '127.0.0.1');
      PROVIDER.jwksUri = `${(await issuer.getUrl()).replace('[::1]', '127.0.0.1')}${JWKS_ROUTE}`;
      consumer = await createApp(ConsumerAppModule, platform);
    });
    afterAll(async () => {
      await consumer.close();
      await issuer.close();
    });

    it('accepts the tokens the issuing service creates', async () => {
      const token = await issuer.get(JwtTokenService).createToken('bob');
      const response = await whoami(consumer.getHttpServer(), token).expect(200);
      expect(response.body).toEqual({ userId: 'bob' });
    });

    it('refuses a token the issuing service did not sign', async () => {
      await whoami(consumer.getHttpServer(), providerToken('2025')).expect(401);
    });
  });
});
