import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { MemorySessionStore } from '../sessions/memory-session.store';
import { SessionError } from '../sessions/session.errors';
import { SessionStoreUnavailableError } from '../sessions/session.store';
import { jwkThumbprint } from '../token/jwk.util';
import { DpopProofError } from './dpop-proof.error';
import { DpopService } from './dpop.service';

const NOW = 1_700_000_000_000;
const key = createPrivateKey(
  readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'keys', 'ec-p256.pem')),
);
const jwk = (() => {
  const { kty, crv, x, y } = key.export({ format: 'jwk' });
  return { kty, crv, x, y };
})();
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token request's proof (no ath) for POST https://api.example.test/token. */
function tokenProof(jti: string): string {
  const input = `${segment({ typ: 'dpop+jwt', alg: 'ES256', jwk })}.${segment({
    jti,
    htm: 'POST',
    htu: 'https://api.example.test/token',
    iat: NOW / 1000,
  })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const tokenRequest = (proof?: string) => ({
  method: 'POST',
  protocol: 'https',
  url: '/token',
  headers: { host: 'api.example.test', ...(proof === undefined ? {} : { dpop: proof }) },
});

const service = (dpop: boolean, store = new MemorySessionStore()) =>
  new DpopService(
    resolveJwtAuthOptions({ secret: 'x'.repeat(64), clock: () => NOW, ...(dpop ? { dpop: true } : {}) }),
    store,
  );

describe('DpopService.verifyTokenRequestProof', () => {
  it("gives the thumbprint of the proof's key", async () => {
    await expect(service(true).verifyTokenRequestProof(tokenRequest(tokenProof('a')))).resolves.toEqual({
      jkt: jwkThumbprint(jwk),
    });
  });

  it('is undefined without a DPoP header, and with dpop off (the header is then ignored)', async () => {
    await expect(service(true).verifyTokenRequestProof(tokenRequest())).resolves.toBeUndefined();
    await expect(
      service(false).verifyTokenRequestProof(tokenRequest(tokenProof('b'))),
    ).resolves.toBeUndefined();
  });

  it('rejects a replayed proof with a DpopProofError of 400', async () => {
    const dpop = service(true);
    await dpop.verifyTokenRequestProof(tokenRequest(tokenProof('c')));
    const refused: unknown = await dpop
      .verifyTokenRequestProof(tokenRequest(tokenProof('c')))
      .catch((e) => e);
    expect(refused).toBeInstanceOf(DpopProofError);
    expect((refused as DpopProofError).code).toBe('dpop_proof_replayed');
    expect((refused as DpopProofError).getStatus()).toBe(400);
  });

  it('rejects with session_store_unavailable when the replay store cannot be reached', async () => {
    const store = new MemorySessionStore();
    store.recordOnce = () => Promise.reject(new SessionStoreUnavailableError());
    const refused: unknown = await service(true, store)
      .verifyTokenRequestProof(tokenRequest(tokenProof('d')))
      .catch((e) => e);
    expect(refused).toBeInstanceOf(SessionError);
    expect((refused as SessionError).code).toBe('session_store_unavailable');
    expect((refused as SessionError).getStatus()).toBe(503);
  });
});
