import { createHmac, type KeyObject } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtTokenService, SessionService, jwkThumbprint as libraryThumbprint } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { dpopProof, dpopProofPayload, jwkThumbprint, publicJwkOf } from '../support/dpop-proof';
import { OidcTestProvider } from '../support/oidc-provider.harness';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { testKeyPair } from '../support/test-keys';
import { DpopAppModule, RESOURCE, SETTINGS } from './app.module';

const ALGS = 'ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA';

describe.each(TITLED_PLATFORMS)('DPoP-bound tokens (%s)', (_title, platform) => {
  const clientKey = testKeyPair('ec-p256').privateKey;
  const otherKey = testKeyPair('ed25519-a').privateKey;
  let provider: OidcTestProvider;
  let app: INestApplication;
  let base: string;
  let tokens: JwtTokenService;

  /** A request with `Authorization: DPoP <token>` and a proof made by `proofFor` (default: right for the request). */
  function call(
    method: 'get' | 'post',
    path: string,
    token: string,
    proof: string | null = dpopProof(clientKey, {
      htm: method.toUpperCase(),
      htu: `${base}${path.split('?')[0]}`,
      accessToken: token,
    }),
  ) {
    const pending = request(base)[method](path).set('Authorization', `DPoP ${token}`);
    return proof === null ? pending : pending.set('DPoP', proof);
  }

  const boundToken = async (key: KeyObject = clientKey) =>
    (await tokens.issueToken('alice', { dpopJkt: jwkThumbprint(key) })).accessToken;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({ keys: ['rsa-2048-a'], resource: RESOURCE });
    SETTINGS.issuers = [{ issuer: provider.issuer, audience: RESOURCE, fetch: { cooldown: 0 } }];
    SETTINGS.dpop = {};
    app = await createApp(DpopAppModule, platform);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
    tokens = app.get(JwtTokenService);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await provider?.stop();
  });

  it('issues a DPoP-bound token: cnf.jkt is the key thumbprint, token type DPoP', async () => {
    const jkt = libraryThumbprint(publicJwkOf(clientKey));
    expect(jkt).toBe(jwkThumbprint(clientKey));
    const issued = await tokens.issueToken('alice', { dpopJkt: jkt });
    expect(issued.tokenType).toBe('DPoP');
    expect(tokens.decodeToken(issued.accessToken)?.cnf).toEqual({ jkt });
  });

  it('accepts its own bound token with a proof of the key', async () => {
    const token = await boundToken();
    const response = await call('get', '/notes', token).expect(200);
    expect(response.body).toEqual({ userId: 'alice', cnf: { jkt: jwkThumbprint(clientKey) } });
  });

  it('accepts the tokens of a session opened bound to the key, refreshed ones too', async () => {
    const sessions = app.get(SessionService);
    const opened = await sessions.open('bob', { dpopJkt: jwkThumbprint(clientKey) });
    expect(opened.tokenType).toBe('DPoP');
    await call('get', '/notes', opened.accessToken).expect(200);
    const refreshed = await sessions.refresh(opened.refreshToken, { dpopJkt: jwkThumbprint(clientKey) });
    expect(refreshed.tokenType).toBe('DPoP');
    await call('post', '/notes', refreshed.accessToken).expect(201, { created: true, by: 'bob' });
  });

  it("accepts a real provider's DPoP-bound token (oidc-provider) with a proof of the key", async () => {
    const token = await provider.accessToken({ dpopKey: clientKey });
    const response = await call('get', '/notes', token).expect(200);
    expect(response.body).toEqual({ userId: 'service', cnf: { jkt: jwkThumbprint(clientKey) } });
  });

  it('ignores the query of the request when it compares htu', async () => {
    const token = await boundToken();
    await call('get', '/notes?page=2#top', token).expect(200);
  });

  it('refuses a replayed proof: dpop_proof_replayed, with the DPoP challenge', async () => {
    const token = await boundToken();
    const proof = dpopProof(clientKey, { htm: 'GET', htu: `${base}/notes`, accessToken: token });
    await call('get', '/notes', token, proof).expect(200);
    const replayed = await call('get', '/notes', token, proof).expect(401);
    expect(replayed.body.code).toBe('dpop_proof_replayed');
    expect(replayed.headers['www-authenticate']).toBe(
      `DPoP realm="api", error="invalid_dpop_proof", error_description="The DPoP proof has already been used", algs="${ALGS}", Bearer realm="api"`,
    );
  });

  it('refuses two DPoP headers, even if each is a good proof (RFC 9449 §4.3 check 1)', async () => {
    const token = await boundToken();
    const proofOf = () => dpopProof(clientKey, { htm: 'GET', htu: `${base}/notes`, accessToken: token });
    const response = await request(base)
      .get('/notes')
      .set('Authorization', `DPoP ${token}`)
      // superagent's types allow an array for Cookie only; Node sends each value as its own header line.
      .set('DPoP', [proofOf(), proofOf()] as unknown as string)
      .expect(401);
    expect(response.body.code).toBe('dpop_proof_missing');
    expect(response.headers['www-authenticate']).toMatch(/^DPoP realm="api", error="invalid_dpop_proof"/);
  });

  it('refuses a proof too long to be one, as invalid, not with a 500', async () => {
    const token = await boundToken();
    const response = await call('get', '/notes', token, `${'a'.repeat(9000)}.b.c`).expect(401);
    expect(response.body.code).toBe('dpop_proof_invalid');
  });

  it('answers a bad token sent with the DPoP scheme in the DPoP scheme: invalid_token (§7.1)', async () => {
    const response = await call('get', '/notes', 'not-a-token').expect(401);
    expect(response.body.code).toBe('token_invalid');
    expect(response.headers['www-authenticate']).toBe(
      `DPoP realm="api", error="invalid_token", error_description="The access token is invalid", algs="${ALGS}", Bearer realm="api"`,
    );
  });

  it('accepts an unbound token sent as Bearer with a DPoP proof beside it: the proof is ignored (§7.2)', async () => {
    const token = (await tokens.issueToken('carol')).accessToken;
    const proof = dpopProof(clientKey, { htm: 'GET', htu: `${base}/notes`, accessToken: token });
    await request(base)
      .get('/notes')
      .set('Authorization', `Bearer ${token}`)
      .set('DPoP', proof)
      .expect(200, { userId: 'carol', cnf: null });
  });

  it('refuses a bound token sent as Bearer even with a good proof beside it (§7.2)', async () => {
    const token = await boundToken();
    const proof = dpopProof(clientKey, { htm: 'GET', htu: `${base}/notes`, accessToken: token });
    const response = await request(base)
      .get('/notes')
      .set('Authorization', `Bearer ${token}`)
      .set('DPoP', proof)
      .expect(401);
    expect(response.body.code).toBe('dpop_bound_token');
  });

  it.each([
    ['another method', { htm: 'POST' }, 'dpop_method_mismatch'],
    ['another path', { path: '/other' }, 'dpop_url_mismatch'],
    ['another host', { htu: 'http://api.example.test/notes' }, 'dpop_url_mismatch'],
    ['an iat ten minutes old', { iat: Math.floor(Date.now() / 1000) - 600 }, 'dpop_proof_stale'],
  ])(
    'refuses a proof for %s',
    async (_case, change: { htm?: string; path?: string; htu?: string; iat?: number }, code) => {
      const token = await boundToken();
      const proof = dpopProof(clientKey, {
        htm: change.htm ?? 'GET',
        htu: change.htu ?? `${base}${change.path ?? '/notes'}`,
        accessToken: token,
        iat: change.iat,
      });
      const response = await call('get', '/notes', token, proof).expect(401);
      expect(response.body.code).toBe(code);
    },
  );

  it('refuses a proof made for another access token (ath)', async () => {
    const token = await boundToken();
    const proof = dpopProof(clientKey, { htm: 'GET', htu: `${base}/notes`, accessToken: await boundToken() });
    expect((await call('get', '/notes', token, proof).expect(401)).body.code).toBe(
      'dpop_token_hash_mismatch',
    );
  });

  it("refuses a token bound to another key than the proof's (jkt), as invalid_token", async () => {
    const token = await boundToken(otherKey);
    const response = await call('get', '/notes', token).expect(401);
    expect(response.body.code).toBe('dpop_key_mismatch');
    expect(response.headers['www-authenticate']).toMatch(/^DPoP realm="api", error="invalid_token"/);
  });

  it('refuses an unbound token sent with the DPoP scheme', async () => {
    const token = (await tokens.issueToken('alice')).accessToken;
    expect((await call('get', '/notes', token).expect(401)).body.code).toBe('dpop_key_mismatch');
  });

  it('refuses a bound token sent as Bearer, with both challenges', async () => {
    const token = await boundToken();
    const response = await request(base).get('/notes').set('Authorization', `Bearer ${token}`).expect(401);
    expect(response.body.code).toBe('dpop_bound_token');
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token is bound to a DPoP key and must be sent with the DPoP scheme", ' +
        `DPoP realm="api", algs="${ALGS}"`,
    );
  });

  it("refuses a real provider's bound token sent as Bearer", async () => {
    const token = await provider.accessToken({ dpopKey: clientKey });
    const response = await request(base).get('/notes').set('Authorization', `Bearer ${token}`).expect(401);
    expect(response.body.code).toBe('dpop_bound_token');
  });

  it('refuses the DPoP scheme without a proof', async () => {
    const token = await boundToken();
    expect((await call('get', '/notes', token, null).expect(401)).body.code).toBe('dpop_proof_missing');
  });

  it('refuses a proof signed with a shared secret (HS256)', async () => {
    const token = await boundToken();
    const header = { typ: 'dpop+jwt', alg: 'HS256', jwk: { kty: 'oct', k: 'c2VjcmV0' } };
    const payload = dpopProofPayload({ htm: 'GET', htu: `${base}/notes`, accessToken: token });
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const proof = `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`;
    expect((await call('get', '/notes', token, proof).expect(401)).body.code).toBe(
      'dpop_algorithm_not_allowed',
    );
  });

  it('refuses a proof whose jwk carries the private key', async () => {
    const token = await boundToken();
    const privateJwk = clientKey.export({ format: 'jwk' });
    const proof = dpopProof(
      clientKey,
      { htm: 'GET', htu: `${base}/notes`, accessToken: token },
      { header: { jwk: privateJwk } },
    );
    expect((await call('get', '/notes', token, proof).expect(401)).body.code).toBe('dpop_proof_invalid');
  });

  it('refuses a proof whose typ is not dpop+jwt', async () => {
    const token = await boundToken();
    const proof = dpopProof(
      clientKey,
      { htm: 'GET', htu: `${base}/notes`, accessToken: token },
      { header: { typ: 'JWT' } },
    );
    expect((await call('get', '/notes', token, proof).expect(401)).body.code).toBe('dpop_proof_invalid');
  });

  describe("at the API's own token endpoint (DpopService.verifyTokenRequestProof, RFC 9449 §5)", () => {
    const tokenProof = (changes: { htm?: string; path?: string } = {}) =>
      dpopProof(clientKey, { htm: changes.htm ?? 'POST', htu: `${base}${changes.path ?? '/token'}` });

    it('issues a token bound to the proof key, which the API then accepts with a proof of that key', async () => {
      const issued = await request(base).post('/token').set('DPoP', tokenProof()).expect(200);
      expect(issued.body.token_type).toBe('DPoP');
      expect(tokens.decodeToken(issued.body.access_token)?.cnf).toEqual({ jkt: jwkThumbprint(clientKey) });
      await call('get', '/notes', issued.body.access_token).expect(200);
    });

    it('issues a Bearer token, as before, to a request without a DPoP header', async () => {
      const issued = await request(base).post('/token').expect(200);
      expect(issued.body.token_type).toBe('Bearer');
    });

    it.each([
      ['a proof for another method', () => tokenProof({ htm: 'GET' }), 'dpop_method_mismatch'],
      ['a proof for another URL', () => tokenProof({ path: '/notes' }), 'dpop_url_mismatch'],
      ['a proof that is no JWS', () => 'not-a-proof', 'dpop_proof_invalid'],
    ])('refuses %s with 400 and its code', async (_case, proofOf, code) => {
      const response = await request(base).post('/token').set('DPoP', proofOf()).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code,
        message: expect.any(String),
      });
    });

    it('refuses a replayed token request proof', async () => {
      const proof = tokenProof();
      await request(base).post('/token').set('DPoP', proof).expect(200);
      expect((await request(base).post('/token').set('DPoP', proof).expect(400)).body.code).toBe(
        'dpop_proof_replayed',
      );
    });

    it('refuses two DPoP headers', async () => {
      const response = await request(base)
        .post('/token')
        // superagent's types allow an array for Cookie only; Node sends each value as its own header line.
        .set('DPoP', [tokenProof(), tokenProof()] as unknown as string)
        .expect(400);
      expect(response.body.code).toBe('dpop_proof_missing');
    });
  });

  it('offers the DPoP scheme, with its algorithms, beside Bearer when no token is sent', async () => {
    const response = await request(base).get('/notes').expect(401);
    expect(response.body.code).toBe('token_missing');
    expect(response.headers['www-authenticate']).toBe(`Bearer realm="api", DPoP realm="api", algs="${ALGS}"`);
  });

  it('still accepts an unbound token as Bearer', async () => {
    const token = (await tokens.issueToken('carol')).accessToken;
    await request(base)
      .get('/notes')
      .set('Authorization', `Bearer ${token}`)
      .expect(200, { userId: 'carol', cnf: null });
  });
});

describe.each(TITLED_PLATFORMS)('DPoP with nonces, behind a proxy (%s)', (_title, platform) => {
  const clientKey = testKeyPair('ec-p256').privateKey;
  const publicUrl = 'https://api.example.test';
  let app: INestApplication;
  let base: string;
  let token: string;

  const call = (proof: string) =>
    request(base).get('/notes').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
  const proofWith = (nonce?: string, htu = `${publicUrl}/notes`) =>
    dpopProof(clientKey, { htm: 'GET', htu, accessToken: token, nonce });

  beforeAll(async () => {
    SETTINGS.issuers = [];
    SETTINGS.dpop = { origin: publicUrl, nonce: true, algorithms: ['ES256', 'EdDSA'] };
    app = await createApp(DpopAppModule, platform);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
    token = (await app.get(JwtTokenService).issueToken('alice', { dpopJkt: jwkThumbprint(clientKey) }))
      .accessToken;
  }, 30_000);

  afterAll(async () => {
    await app?.close();
  });

  it('asks for a nonce (use_dpop_nonce, DPoP-Nonce), then accepts the proof that carries it', async () => {
    const first = await call(proofWith()).expect(401);
    expect(first.body.code).toBe('dpop_nonce_required');
    expect(first.headers['www-authenticate']).toMatch(
      /^DPoP realm="api", error="use_dpop_nonce", error_description="[^"]+", algs="ES256 EdDSA", Bearer realm="api"$/,
    );
    const nonce = first.headers['dpop-nonce'];
    expect(nonce).toEqual(expect.any(String));
    await call(proofWith(nonce)).expect(200);
  });

  it('asks a token request for a nonce too: 400 dpop_nonce_required with DPoP-Nonce, then issues', async () => {
    const tokenProof = (nonce?: string) =>
      dpopProof(clientKey, { htm: 'POST', htu: `${publicUrl}/token`, nonce });
    const first = await request(base).post('/token').set('DPoP', tokenProof()).expect(400);
    expect(first.body.code).toBe('dpop_nonce_required');
    const nonce = first.headers['dpop-nonce'];
    expect(nonce).toEqual(expect.any(String));
    const issued = await request(base).post('/token').set('DPoP', tokenProof(nonce)).expect(200);
    expect(issued.body.token_type).toBe('DPoP');
  });

  it('refuses a nonce it did not issue', async () => {
    const response = await call(proofWith('0.forged-nonce-of-22-chars')).expect(401);
    expect(response.body.code).toBe('dpop_nonce_required');
  });

  it('compares htu with the configured public origin, not the address it listens on', async () => {
    const nonce = (await call(proofWith()).expect(401)).headers['dpop-nonce'];
    expect((await call(proofWith(nonce, `${base}/notes`)).expect(401)).body.code).toBe('dpop_url_mismatch');
  });
});
