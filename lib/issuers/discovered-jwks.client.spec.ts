import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../../test/keys/jwks-provider';
import { testKeyPair } from '../../test/support/test-keys';
import { JwtTokenError } from '../token/jwt-token.errors';
import { REMOTE_DOCUMENT_DEFAULTS } from '../utils/remote-document.options';
import { DiscoveredJwksClient } from './discovered-jwks.client';
import { discoveryUrl } from './oidc-discovery.parser';

const jwk = (name: 'rsa-2048-a' | 'rsa-2048-b', kid: string) => ({
  ...(testKeyPair(name).publicKey.export({ format: 'jwk' }) as object),
  kid,
  alg: 'RS256',
  use: 'sig',
});

describe('DiscoveredJwksClient', () => {
  let server: Server;
  let issuer: string;
  let now: number;
  let documents: Record<string, unknown>;
  let paths: string[];
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  const clients: DiscoveredJwksClient[] = [];

  beforeEach(async () => {
    paths = [];
    now = 1_750_000_000_000;
    server = createServer((request, response) => {
      paths.push(request.url!);
      const body = documents[request.url!];
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/acme`;
    documents = {
      '/realms/acme/.well-known/openid-configuration': { issuer, jwks_uri: `${issuer}/certs-v1` },
      '/realms/acme/certs-v1': { keys: [jwk('rsa-2048-a', 'one')] },
      '/realms/acme/certs-v2': { keys: [jwk('rsa-2048-a', 'one'), jwk('rsa-2048-b', 'two')] },
    };
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    warn.mockRestore();
    log.mockRestore();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(): DiscoveredJwksClient {
    const options = {
      ...REMOTE_DOCUMENT_DEFAULTS,
      cooldown: 0,
      issuer,
      jwksOrigins: [],
      url: discoveryUrl(issuer, 'openid-configuration'),
    };
    const created = new DiscoveredJwksClient(options, ['RS256'], () => now);
    clients.push(created);
    return created;
  }

  it('reads the discovery document once, then finds keys in the JWK Set it names', async () => {
    const keys = client();
    expect(keys.generation).toBe(0);
    expect(await keys.find('one', 'RS256')).toBeInstanceOf(Function);
    expect(await keys.find('one', 'RS256')).toBeInstanceOf(Function);
    expect(paths).toEqual(['/realms/acme/.well-known/openid-configuration', '/realms/acme/certs-v1']);
    expect(keys.generation).toBe(1);
  });

  it('rejects with keys_unavailable while no discovery document passes its checks, and fetches no key', async () => {
    documents['/realms/acme/.well-known/openid-configuration'] = {
      issuer: `${issuer}/`,
      jwks_uri: `${issuer}/certs-v1`,
    };
    await expect(client().find('one', 'RS256')).rejects.toEqual(new JwtTokenError('keys_unavailable'));
    expect(paths).toEqual(['/realms/acme/.well-known/openid-configuration']);
  });

  it('follows jwks_uri when a refreshed document moves it, its generation never going back', async () => {
    const keys = client();
    await keys.find('one', 'RS256');
    documents['/realms/acme/.well-known/openid-configuration'] = { issuer, jwks_uri: `${issuer}/certs-v2` };
    now += REMOTE_DOCUMENT_DEFAULTS.cacheMaxAge;
    keys.refreshIfStale();
    await eventually(() => paths.length === 4); // the discovery document, and the stale v1 set
    expect(await keys.find('two', 'RS256')).toBeInstanceOf(Function);
    expect(paths.slice(4)).toEqual(['/realms/acme/certs-v2']);
    expect(keys.generation).toBeGreaterThan(1);
  });

  describe('status', () => {
    it('reports the discovery URL and the keys of the set the document names', async () => {
      const keys = client();
      await keys.find('one', 'RS256');
      expect(keys.status()).toMatchObject({
        discoveryUrl: `${issuer}/.well-known/openid-configuration`,
        jwksUri: `${issuer}/certs-v1`,
        keyCount: 1,
        fetchedAt: now,
        lastFetchFailed: false,
      });
    });

    it('reports a refused discovery document as a failed fetch, before any key set', async () => {
      delete documents['/realms/acme/.well-known/openid-configuration'];
      const keys = client();
      await expect(keys.find('one', 'RS256')).rejects.toEqual(new JwtTokenError('keys_unavailable'));
      const status = keys.status();
      expect(status).toMatchObject({ jwksUri: undefined, keyCount: 0, lastFetchFailed: true });
      expect(status.lastFailure?.reason).toMatch(/^discovery /);
    });
  });
});
