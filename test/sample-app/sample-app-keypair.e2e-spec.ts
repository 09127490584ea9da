import type { INestApplication, Type } from '@nestjs/common';
import { createPublicKey, verify } from 'node:crypto';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/platforms';
import { testKeyPair } from '../support/test-keys';

// The app decides at declaration whether to serve its JWKS, so the environment is set before the
// sample's modules load (Jest gives each spec file its own module registry).
function loadAppModuleWith(env: Record<string, string>): Type<unknown> {
  Object.assign(process.env, env);
  return require('../../sample-app/app.module').AppModule;
}

describe.each(PLATFORMS)('sample app with an EdDSA key pair from the environment (%s)', (platform) => {
  const saved = { ...process.env };
  const { privateKey } = testKeyPair('ed25519-a');
  let app: INestApplication;

  beforeAll(async () => {
    const AppModule = loadAppModuleWith({
      JWT_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().replace(/\n/g, '\\n'),
      JWT_ALGORITHM: 'EdDSA',
    });
    app = await createApp(AppModule, platform);
    // Booting the whole sample app (and scrypt logins) takes seconds on a busy two-core machine.
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    process.env = saved;
  });

  it('issues EdDSA tokens that its own guard accepts', async () => {
    const login = await request(app.getHttpServer())
      .post('/auth/login')
      .send({ username: 'alice', password: 'alice-password' })
      .expect(200);
    const token: string = login.body.access_token;
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg).toBe('EdDSA');
    await request(app.getHttpServer()).get('/admin').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('serves its public key at /.well-known/jwks.json, and the key verifies its tokens', async () => {
    const jwks = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys).toHaveLength(1);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const login = await request(app.getHttpServer())
      .post('/auth/login')
      .send({ username: 'bob', password: 'bob-password' });
    const [header, payload, signature] = (login.body.access_token as string).split('.');
    const publicKey = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' });
    expect(
      verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url')),
    ).toBe(true);
  });
});
