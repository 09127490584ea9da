import type { INestApplication } from '@nestjs/common';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { dpopProof, jwkThumbprint } from '../support/dpop-proof';
import type { GraphqlDriver } from '../support/graphql-drivers';
import { createApp, type Platform } from '../support/platforms';
import { testKeyPair } from '../support/test-keys';
import { DpopGraphqlAppModule, GRAPHQL_ORIGIN } from './graphql-app.module';

const WHOAMI = '{ whoami }';

describe.each([
  ['Apollo on Express', 'express', 'apollo', false],
  ['Apollo on Fastify, the reply in the GraphQL context', 'fastify', 'apollo', true],
  ['Apollo on Fastify, with Nest’s default context', 'fastify', 'apollo', false],
  ['Mercurius on Fastify, with its default context', 'fastify', 'mercurius', false],
] as const)(
  'DPoP nonces over GraphQL (%s)',
  (_title, platform: Platform, driver: GraphqlDriver, replyInContext) => {
    const clientKey = testKeyPair('ec-p256').privateKey;
    let app: INestApplication;
    let token: string;

    /** The operation with `Authorization: DPoP`, and a proof carrying `nonce` if given. */
    const graphql = (nonce?: string) =>
      request(app.getHttpServer())
        .post('/graphql')
        .set('Authorization', `DPoP ${token}`)
        .set(
          'DPoP',
          dpopProof(clientKey, { htm: 'POST', htu: `${GRAPHQL_ORIGIN}/graphql`, accessToken: token, nonce }),
        )
        .send({ query: WHOAMI });

    beforeAll(async () => {
      app = await createApp(DpopGraphqlAppModule.on({ driver, replyInContext }), platform);
      token = (await app.get(JwtTokenService).issueToken('alice', { dpopJkt: jwkThumbprint(clientKey) }))
        .accessToken;
    }, 30_000);

    afterAll(async () => {
      await app?.close();
    });

    it('refuses a proof without a nonce with dpop_nonce_required and the nonce in extensions, as a GraphQL error', async () => {
      const response = await graphql().expect(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          path: ['whoami'],
          extensions: {
            code: 'UNAUTHENTICATED',
            reason: 'dpop_nonce_required',
            dpopNonce: expect.any(String),
          },
        }),
      ]);
      // Like every GraphQL refusal: no challenge on a 200.
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('runs the operation once the proof carries the nonce from extensions', async () => {
      const nonce = (await graphql().expect(200)).body.errors[0].extensions.dpopNonce;
      const response = await graphql(nonce).expect(200);
      expect(response.body).toEqual({ data: { whoami: 'alice' } });
    });

    // Mercurius's context always holds its reply.
    if (platform === 'express' || driver === 'mercurius' || replyInContext) {
      it('sets the DPoP-Nonce header of the response to the same nonce, which a proof can then carry', async () => {
        const refused = await graphql().expect(200);
        const nonce = refused.headers['dpop-nonce'];
        expect(nonce).toEqual(expect.any(String));
        expect(nonce).toBe(refused.body.errors[0].extensions.dpopNonce);
        expect((await graphql(nonce).expect(200)).body).toEqual({ data: { whoami: 'alice' } });
      });
    } else {
      it('sets no DPoP-Nonce header: the default context does not reach the reply', async () => {
        const refused = await graphql().expect(200);
        expect(refused.body.errors[0].extensions.reason).toBe('dpop_nonce_required');
        expect(refused.headers['dpop-nonce']).toBeUndefined();
      });
    }

    it('sets no DPoP-Nonce header on a refusal for another reason', async () => {
      const response = await request(app.getHttpServer())
        .post('/graphql')
        .send({ query: WHOAMI })
        .expect(200);
      expect(response.body.errors[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'token_missing',
      });
      expect(response.headers['dpop-nonce']).toBeUndefined();
    });
  },
);
