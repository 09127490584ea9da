import { Logger } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { eventually } from '../../test/keys/jwks-provider';
import { OidcTestProvider } from '../../test/support/oidc-provider.harness';
import { OidcDiscoveryClient, type ResolvedOidcDiscoveryOptions } from './oidc-discovery.client';
import { discoveryUrl, type OidcDiscoveryKind } from './oidc-discovery.parser';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A provider's web server on 127.0.0.1 whose answer each test sets, recording the paths asked for. */
class TestServer {
  readonly paths: string[] = [];
  handler: Handler = (_request, response) => response.end();
  private readonly server: Server = createServer((request, response) => {
    this.paths.push(request.url!);
    this.handler(request, response);
  });
  private readonly sockets = new Set<Socket>();
  origin = '';

  async start(): Promise<string> {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  json(body: unknown, headers: Record<string, string> = {}): void {
    this.text(JSON.stringify(body), headers);
  }

  text(body: string, headers: Record<string, string> = {}): void {
    this.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', ...headers });
      response.end(body);
    };
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('OidcDiscoveryClient', () => {
  let server: TestServer;
  let issuer: string;
  let now: number;
  let warn: jest.SpyInstance;
  const clients: OidcDiscoveryClient[] = [];

  beforeEach(async () => {
    server = new TestServer();
    issuer = `${await server.start()}/realms/acme`;
    now = 1_750_000_000_000;
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    server.json({ issuer, jwks_uri: `${issuer}/certs` });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    warn.mockRestore();
    await server.stop();
  });

  function client(
    options: Partial<ResolvedOidcDiscoveryOptions> = {},
    kind: OidcDiscoveryKind = 'openid-configuration',
  ): OidcDiscoveryClient {
    const created = new OidcDiscoveryClient(
      {
        issuer,
        jwksOrigins: [],
        url: discoveryUrl(issuer, kind),
        timeout: 1000,
        cacheMaxAge: 600_000,
        cooldown: 30_000,
        maxBytes: 65_536,
        ...options,
      },
      () => now,
    );
    clients.push(created);
    return created;
  }

  async function errorCode(discovery: OidcDiscoveryClient): Promise<string | undefined> {
    return (await discovery.metadata()).error?.code;
  }

  it("fetches the OpenID Connect document below the issuer's path and takes its jwks_uri", async () => {
    const { metadata } = await client().metadata();
    expect(metadata?.jwksUri.href).toBe(`${issuer}/certs`);
    expect(server.paths).toEqual(['/realms/acme/.well-known/openid-configuration']);
  });

  it('fetches the RFC 8414 document when told to', async () => {
    const { metadata } = await client({}, 'oauth-authorization-server').metadata();
    expect(metadata?.issuer).toBe(issuer);
    expect(server.paths).toEqual(['/.well-known/oauth-authorization-server/realms/acme']);
  });

  it('fetches once for many callers, concurrent ones included', async () => {
    const discovery = client();
    await Promise.all([discovery.metadata(), discovery.metadata(), discovery.metadata()]);
    await discovery.metadata();
    expect(server.paths).toHaveLength(1);
  });

  it('fetches again in the background once the document is older than cacheMaxAge', async () => {
    const discovery = client({ cacheMaxAge: 1000, cooldown: 0 });
    await discovery.metadata();
    server.json({ issuer, jwks_uri: `${issuer}/certs-v2` });
    now += 1000;
    expect((await discovery.metadata()).metadata?.jwksUri.pathname).toBe('/realms/acme/certs');
    // The refresh runs in the background: ask until it has landed (the clock stands still, so no third fetch).
    let path: string | undefined;
    for (let i = 0; i < 200 && path !== '/realms/acme/certs-v2'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      path = (await discovery.metadata()).metadata?.jwksUri.pathname;
    }
    expect(path).toBe('/realms/acme/certs-v2');
    expect(server.paths).toHaveLength(2);
  });

  it('refuses a document naming another issuer', async () => {
    server.json({ issuer: 'https://evil.example.net/', jwks_uri: 'https://evil.example.net/certs' });
    expect(await errorCode(client())).toBe('issuer_mismatch');
  });

  it('refuses a plain-http jwks_uri for an issuer that is not on loopback, without fetching it', async () => {
    // The issuer as tokens name it is https; the document is served from loopback for the test.
    const httpsIssuer = 'https://id.example.com';
    server.json({ issuer: httpsIssuer, jwks_uri: `${server.origin}/certs` });
    const discovery = client({
      issuer: httpsIssuer,
      url: new URL(`${server.origin}/.well-known/openid-configuration`),
    });
    expect(await errorCode(discovery)).toBe('jwks_uri_insecure');
    expect(server.paths).toEqual(['/.well-known/openid-configuration']);
  });

  it('refuses a document that is not JSON', async () => {
    server.text('<html>Sign in</html>', { 'content-type': 'text/html' });
    expect(await errorCode(client())).toBe('not_json');
  });

  it('refuses a document whose content-length is over maxBytes', async () => {
    server.json({ issuer, jwks_uri: `${issuer}/certs`, padding: 'x'.repeat(2000) });
    expect(await errorCode(client({ maxBytes: 1000 }))).toBe('too_large');
  });

  it('refuses a document sent without content-length that grows over maxBytes', async () => {
    server.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 20; i++) response.write('x'.repeat(1000));
      response.end();
    };
    expect(await errorCode(client({ maxBytes: 5000 }))).toBe('too_large');
  });

  it('refuses an answer other than 200', async () => {
    server.handler = (_request, response) => response.writeHead(404).end('{}');
    expect(await errorCode(client())).toBe('unavailable');
  });

  it('does not follow a redirect', async () => {
    const elsewhere = new TestServer();
    const target = await elsewhere.start();
    elsewhere.json({ issuer, jwks_uri: `${issuer}/certs` });
    server.handler = (_request, response) =>
      response.writeHead(302, { location: `${target}/.well-known/openid-configuration` }).end();
    expect(await errorCode(client())).toBe('unavailable');
    expect(elsewhere.paths).toEqual([]);
    await elsewhere.stop();
  });

  it('gives up on a server slower than the timeout', async () => {
    server.handler = () => undefined;
    expect(await errorCode(client({ timeout: 50 }))).toBe('unavailable');
  });

  it('refuses an unreachable server', async () => {
    await server.stop();
    const discovery = client();
    expect(await errorCode(discovery)).toBe('unavailable');
    server = new TestServer();
    await server.start();
  });

  it('tries again only after the cooldown, answering the last refusal meanwhile', async () => {
    server.text('not json');
    const discovery = client({ cooldown: 5000 });
    expect(await errorCode(discovery)).toBe('not_json');
    server.json({ issuer, jwks_uri: `${issuer}/certs` });
    now += 4999;
    expect(await errorCode(discovery)).toBe('not_json');
    expect(server.paths).toHaveLength(1);
    now += 1;
    expect((await discovery.metadata()).metadata?.issuer).toBe(issuer);
    expect(server.paths).toHaveLength(2);
  });

  it('keeps the last good metadata when a later document lies, and logs why', async () => {
    const discovery = client({ cacheMaxAge: 1000, cooldown: 0 });
    await discovery.metadata();
    server.json({ issuer, jwks_uri: 'https://keys.example.net/certs' });
    now += 1000;
    await discovery.metadata();
    await eventually(() => warn.mock.calls.length === 1);
    expect((await discovery.metadata()).metadata?.jwksUri.href).toBe(`${issuer}/certs`);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('jwks_uri_foreign'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('keeping the last good metadata'));
  });
});

describe('OidcDiscoveryClient against a real OpenID provider', () => {
  let provider: OidcTestProvider;

  beforeAll(async () => {
    provider = await OidcTestProvider.start();
  });

  afterAll(() => provider.stop());

  it.each(['openid-configuration', 'oauth-authorization-server'] as const)(
    'discovers the jwks_uri from its %s document',
    async (kind) => {
      const discovery = new OidcDiscoveryClient(
        {
          issuer: provider.issuer,
          jwksOrigins: [],
          url: discoveryUrl(provider.issuer, kind),
          timeout: 5000,
          cacheMaxAge: 600_000,
          cooldown: 30_000,
          maxBytes: 65_536,
        },
        Date.now,
      );
      const { metadata, error } = await discovery.metadata();
      expect(error).toBeUndefined();
      expect(metadata).toEqual({ issuer: provider.issuer, jwksUri: new URL(`${provider.issuer}/jwks`) });
      const keys = (await (await fetch(metadata!.jwksUri)).json()) as { keys: { kid: string }[] };
      expect(keys.keys.map((key) => key.kid)).toEqual(['rsa-2048-a']);
    },
  );

  it('refuses its document when configured with its issuer plus a trailing slash', async () => {
    const issuer = `${provider.issuer}/`;
    const discovery = new OidcDiscoveryClient(
      {
        issuer,
        jwksOrigins: [],
        url: discoveryUrl(issuer, 'openid-configuration'),
        timeout: 5000,
        cacheMaxAge: 600_000,
        cooldown: 30_000,
        maxBytes: 65_536,
      },
      Date.now,
    );
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect((await discovery.metadata()).error?.code).toBe('issuer_mismatch');
    warn.mockRestore();
  });
});
