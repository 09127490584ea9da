// Test helper: a real OpenID provider (`oidc-provider`) on 127.0.0.1, in a child process (see
// oidc-provider.child.mjs for why), issuing JWT access tokens (RFC 9068) by the client credentials
// grant for one resource indicator. Its keys come from the PEM fixtures, so they can be rotated.
import { fork, type ChildProcess } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { dpopProof } from './dpop-proof';
import { testKeyPair, type TestKeyName } from './test-keys';

/** A client registered at the provider, allowed the client credentials grant. */
export interface OidcTestClient {
  clientId: string;
  clientSecret: string;
  /** The scopes it may ask for, space-separated. Default: the resource's scopes. */
  scope?: string;
  /** Claims added to every access token it gets: roles, groups... as a real provider would. */
  claims?: Record<string, unknown>;
}

/** How the provider is set up. Every field is optional. */
export interface OidcTestProviderOptions {
  /** Its signing keys, from the fixtures, the first of `alg`'s kind signing. Default `['rsa-2048-a']`. */
  keys?: TestKeyName[];
  /** The access tokens' `alg`. Default `'RS256'`. */
  alg?: 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA';
  /** The resource indicator (the tokens' `aud`). Default `'https://api.example.test'`. */
  resource?: string;
  /** The scopes the resource accepts, space-separated. Default `'documents.read documents.write'`. */
  scope?: string;
  /** Access token lifetime, in seconds. Default `300`. */
  ttl?: number;
  /** Default: one client, `service` / `service-secret`, with every scope. */
  clients?: OidcTestClient[];
  /**
   * Serve https with the certificate of the fixtures' private CA (`test/fixtures/tls`), which
   * nothing trusts unless told to: see {@link TEST_CA_FILE}. Default `false` (plain http).
   */
  tls?: boolean;
}

const TLS_FIXTURES = join(__dirname, '..', 'fixtures', 'tls');

/** The PEM file of the private CA whose certificate a `tls: true` provider serves (for `NODE_EXTRA_CA_CERTS`). */
export const TEST_CA_FILE = join(TLS_FIXTURES, 'ca.pem');

interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

// The harness's own requests to the provider, trusting the private CA of a `tls: true` provider
// (this process, unlike the app under test, is not started with NODE_EXTRA_CA_CERTS).
function requestJson(
  url: string,
  ca: Buffer | undefined,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<JsonAnswer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise<JsonAnswer>((resolve, reject) => {
    const request = send(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          resolve({ status: response.statusCode ?? 0, body });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

/** What {@link OidcTestProvider.accessToken} asks for. */
export interface AccessTokenRequest {
  /** Default: the first client. */
  clientId?: string;
  /** Space-separated. Default: none (the token then carries no `scope`). */
  scope?: string;
  /** Bind the token to this EC P-256 key with a DPoP proof (RFC 9449). */
  dpopKey?: KeyObject;
}

const KEY_ALGORITHMS: Record<TestKeyName, string> = {
  'rsa-2048-a': 'RS256',
  'rsa-2048-b': 'RS256',
  'rsa-1024': 'RS256',
  'rsa-pss-2048': 'PS256',
  'ec-p256': 'ES256',
  'ec-p384': 'ES384',
  'ec-p521': 'ES512',
  'ed25519-a': 'EdDSA',
  'ed25519-b': 'EdDSA',
};

// Private JWKs from the PEM fixtures, with the fixture's name as `kid`: exporting a key read from PEM
// is safe on Node 20, unlike exporting a generated one.
function privateJwks(names: TestKeyName[]): object[] {
  return names.map((name) => ({
    ...testKeyPair(name).privateKey.export({ format: 'jwk' }),
    kid: name,
    alg: KEY_ALGORITHMS[name],
    use: 'sig',
  }));
}

/** A running provider; {@link OidcTestProvider.stop} it in `afterAll`. */
export class OidcTestProvider {
  private constructor(
    private readonly child: ChildProcess,
    /** Its issuer URL (`http://127.0.0.1:PORT`, or `https://` with `tls`), the `iss` of its tokens. */
    readonly issuer: string,
    /** Its token endpoint, from its discovery document. */
    readonly tokenEndpoint: string,
    /** The resource indicator its tokens are for (their `aud`). */
    readonly resource: string,
    private readonly clients: OidcTestClient[],
    private readonly ca: Buffer | undefined,
  ) {}

  /** Starts a provider; resolves once it answers its discovery document. */
  static async start(options: OidcTestProviderOptions = {}): Promise<OidcTestProvider> {
    const resource = options.resource ?? 'https://api.example.test';
    const scope = options.scope ?? 'documents.read documents.write';
    const clients = options.clients ?? [{ clientId: 'service', clientSecret: 'service-secret' }];
    const child = fork(join(__dirname, 'oidc-provider.child.mjs'), [], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // A provider whose test never stopped it (a beforeAll that timed out before the assignment)
    // must not keep the test process alive: it exits with its IPC channel.
    child.unref();
    child.channel?.unref();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    const config = {
      resource,
      scope,
      ttl: options.ttl ?? 300,
      alg: options.alg ?? 'RS256',
      clients: clients.map((client) => ({
        ...client,
        scope: client.scope ?? scope,
        claims: client.claims ?? {},
      })),
    };
    const tls = options.tls
      ? {
          key: readFileSync(join(TLS_FIXTURES, 'server-key.pem'), 'utf8'),
          cert: readFileSync(join(TLS_FIXTURES, 'server.pem'), 'utf8'),
        }
      : undefined;
    const ca = options.tls ? readFileSync(TEST_CA_FILE) : undefined;
    child.send({ type: 'start', config, tls, keys: privateJwks(options.keys ?? ['rsa-2048-a']) });
    const issuer = await new Promise<string>((resolve, reject) => {
      child.once('message', (message: { issuer: string }) => resolve(message.issuer));
      child.once('exit', (code) =>
        reject(new Error(`oidc-provider exited (${code}) before it started: ${stderr}`)),
      );
    });
    const discovery = await requestJson(`${issuer}/.well-known/openid-configuration`, ca);
    const tokenEndpoint = discovery.body.token_endpoint as string;
    return new OidcTestProvider(child, issuer, tokenEndpoint, resource, config.clients, ca);
  }

  /** The raw token endpoint answer to a client credentials request: status and JSON body. */
  async tokenResponse(request: AccessTokenRequest = {}): Promise<JsonAnswer> {
    const client =
      request.clientId === undefined
        ? this.clients[0]
        : this.clients.find((c) => c.clientId === request.clientId);
    if (!client) throw new Error(`no client ${request.clientId} registered at the test provider`);
    const form = new URLSearchParams({ grant_type: 'client_credentials', resource: this.resource });
    if (request.scope !== undefined) form.set('scope', request.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    };
    if (request.dpopKey) headers.dpop = dpopProof(request.dpopKey, { htm: 'POST', htu: this.tokenEndpoint });
    return requestJson(this.tokenEndpoint, this.ca, { method: 'POST', headers, body: form.toString() });
  }

  /** A fresh access token (a JWT) for the resource; throws when the provider refuses. */
  async accessToken(request: AccessTokenRequest = {}): Promise<string> {
    const { status, body } = await this.tokenResponse(request);
    if (status !== 200 || typeof body.access_token !== 'string')
      throw new Error(`token request refused (${status}): ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** Replaces the provider's keys (same issuer, same port): the first of the access tokens' `alg` signs from now on. */
  async rotateKeys(keys: TestKeyName[]): Promise<void> {
    const rotated = this.reply('rotated');
    this.child.send({ type: 'rotate', keys: privateJwks(keys) });
    await rotated;
  }

  /**
   * The requests the provider received since the last call (or since it started), as
   * `METHOD /path`: what the API under test fetched from it, besides the harness's own token requests.
   */
  async takeRequests(): Promise<string[]> {
    const answer = this.reply<{ requests: string[] }>('requests');
    this.child.send({ type: 'requests' });
    return (await answer).requests;
  }

  // The child's next message of `type`.
  private reply<T extends object = object>(type: string): Promise<T> {
    return new Promise<T>((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== type) return;
        this.child.off('message', listener);
        resolve(message as T);
      };
      this.child.on('message', listener);
    });
  }

  /** Stops the provider process. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    await exited;
  }
}
