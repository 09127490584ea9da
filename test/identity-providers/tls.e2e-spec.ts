import { Test } from '@nestjs/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { OidcTestProvider, TEST_CA_FILE } from '../support/oidc-provider.harness';
import { TITLED_PLATFORMS, type Platform } from '../support/platforms';
import { RESOURCE } from './app.module';

/** The scenario app in a child process, with the environment it was started with, and what it logged. */
interface AppProcess {
  readonly url: string;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

async function startApp(
  platform: Platform,
  issuer: string,
  extraCa: string | undefined,
): Promise<AppProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ISSUER: issuer, PLATFORM: platform, NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  if (extraCa !== undefined) env.NODE_EXTRA_CA_CERTS = extraCa;
  const child: ChildProcess = fork(join(__dirname, 'tls-app.main.ts'), [], {
    execArgv: ['-r', join(__dirname, '../support/ts-register.cjs')],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString('utf8'));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
    },
  };
}

const whoami = (app: AppProcess, token: string) =>
  fetch(`${app.url}/whoami`, { headers: { authorization: `Bearer ${token}` } });

describe.each(TITLED_PLATFORMS)('An OpenID provider on https with a private CA (%s)', (_title, platform) => {
  let provider: OidcTestProvider;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({ tls: true, resource: RESOURCE });
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(async () => {
    await provider?.stop();
  });

  it('is trusted through NODE_EXTRA_CA_CERTS: discovery, keys and the token all check out', async () => {
    expect(provider.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    app = await startApp(platform, provider.issuer, TEST_CA_FILE);
    const token = await provider.accessToken({ scope: 'documents.read' });
    await provider.takeRequests();
    const response = await whoami(app, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: 'service', clientId: 'service' });
    expect(await provider.takeRequests()).toEqual(['GET /.well-known/openid-configuration', 'GET /jwks']);
  }, 60_000);

  it('without NODE_EXTRA_CA_CERTS, refuses the token and logs a discovery failure that names TLS and the fix', async () => {
    app = await startApp(platform, provider.issuer, undefined);
    const token = await provider.accessToken();
    await provider.takeRequests();
    const response = await whoami(app, token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="api", error="invalid_token"/);
    // The handshake failed: the provider never saw an HTTP request.
    expect(await provider.takeRequests()).toEqual([]);
    expect(app.output()).toContain(
      `Discovery at ${provider.issuer}/.well-known/openid-configuration refused (unavailable: ` +
        "the discovery document could not be fetched (TLS: the server's certificate is not trusted (",
    );
    expect(app.output()).toContain('start Node with NODE_EXTRA_CA_CERTS=');
  }, 60_000);
});

describe('Plain http for an issuer', () => {
  const start = (issuer: string) =>
    Test.createTestingModule({
      imports: [JwtAuthModule.forRoot({ issuers: [{ issuer, audience: RESOURCE }] })],
    }).compile();

  it('is refused at start-up when the issuer is not on loopback', async () => {
    await expect(start('http://sso.example.com/realms/acme')).rejects.toThrow(
      /issuers\[0\]\.issuer must be an https:\/\/ URL \(plain http is only accepted on localhost\)/,
    );
  });

  it('is accepted on loopback (the e2e providers run on http://127.0.0.1)', async () => {
    const started = start('http://127.0.0.1:9/realms/acme');
    await expect(started).resolves.toBeDefined();
    await (await started).close();
  });
});
