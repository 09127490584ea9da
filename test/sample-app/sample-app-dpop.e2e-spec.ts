import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { dpopProof, jwkThumbprint } from '../support/dpop-proof';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { testKeyPair } from '../support/test-keys';
import { AppModule } from '../../sample-app/app.module';

const ENVIRONMENT = { JWT_SECRET: randomBytes(48).toString('base64url'), JWT_EXPIRATION: '600' };

describe.each(TITLED_PLATFORMS)('sample app with DPoP over %s', (_, platform) => {
  const savedEnvironment = { ...process.env };
  const clientKey = testKeyPair('ec-p256').privateKey;
  const otherKey = testKeyPair('ed25519-a').privateKey;
  let app: INestApplication;
  let base: string;

  /** A proof of `key` for `method` on `path`, for an access token when one is given. */
  const proofFor = (method: string, path: string, accessToken?: string, key = clientKey) =>
    dpopProof(key, { htm: method, htu: `${base}${path}`, accessToken });
  const login = (proof?: string) => {
    const pending = request(base).post('/auth/login').send({ username: 'alice', password: 'alice-password' });
    return proof === undefined ? pending : pending.set('DPoP', proof);
  };
  const refresh = (refreshToken: string, proof?: string) => {
    const pending = request(base).post('/auth/refresh').send({ refresh_token: refreshToken });
    return proof === undefined ? pending : pending.set('DPoP', proof);
  };
  const me = (accessToken: string) =>
    request(base)
      .get('/me')
      .set('Authorization', `DPoP ${accessToken}`)
      .set('DPoP', proofFor('GET', '/me', accessToken));

  beforeAll(async () => {
    Object.assign(process.env, ENVIRONMENT);
    app = await createApp(AppModule, platform);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
  });

  it('logs in with a DPoP proof: token_type DPoP, tokens bound to the key, accepted with its proofs', async () => {
    const pair = (await login(proofFor('POST', '/auth/login')).expect(200)).body;
    expect(pair.token_type).toBe('DPoP');
    const response = await me(pair.access_token).expect(200);
    expect(response.body.claims.cnf).toEqual({ jkt: jwkThumbprint(clientKey) });
  });

  it('refuses the bound access token sent as Bearer', async () => {
    const pair = (await login(proofFor('POST', '/auth/login')).expect(200)).body;
    const refused = await request(base)
      .get('/me')
      .set('Authorization', `Bearer ${pair.access_token}`)
      .expect(401);
    expect(refused.body.code).toBe('dpop_bound_token');
  });

  it('logs in without a proof as before: Bearer tokens', async () => {
    const pair = (await login().expect(200)).body;
    expect(pair.token_type).toBe('Bearer');
    await request(base).get('/me').set('Authorization', `Bearer ${pair.access_token}`).expect(200);
  });

  it('refuses a login whose proof is for another URL, with 400 and the DPoP code', async () => {
    const response = await login(proofFor('POST', '/auth/refresh')).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'dpop_url_mismatch' });
  });

  it('refreshes a bound session with a proof of the same key: a new DPoP pair', async () => {
    const pair = (await login(proofFor('POST', '/auth/login')).expect(200)).body;
    const refreshed = (await refresh(pair.refresh_token, proofFor('POST', '/auth/refresh')).expect(200)).body;
    expect(refreshed.token_type).toBe('DPoP');
    await me(refreshed.access_token).expect(200);
  });

  it.each([
    ['without a proof', () => undefined],
    ['with a proof of another key', () => proofFor('POST', '/auth/refresh', undefined, otherKey)],
  ])('refuses to refresh a bound session %s, and ends the session', async (_case, proofOf) => {
    const pair = (await login(proofFor('POST', '/auth/login')).expect(200)).body;
    const refused = await refresh(pair.refresh_token, proofOf()).expect(401);
    expect(refused.body.code).toBe('refresh_token_key_mismatch');
    expect((await me(pair.access_token).expect(401)).body.code).toBe('token_revoked');
  });

  it('refuses a refresh whose proof is replayed', async () => {
    const pair = (await login(proofFor('POST', '/auth/login')).expect(200)).body;
    const proof = proofFor('POST', '/auth/refresh');
    const refreshed = (await refresh(pair.refresh_token, proof).expect(200)).body;
    expect((await refresh(refreshed.refresh_token, proof).expect(400)).body.code).toBe('dpop_proof_replayed');
  });
});
