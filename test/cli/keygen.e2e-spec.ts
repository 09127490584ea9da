import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { buildCli, type BuiltCli } from './built-cli';

// Each run starts a Node.js process; the machine running the suite may be busy.
jest.setTimeout(60_000);

const COMMANDS = ['keygen', 'token', 'inspect', 'jwks', 'routes'];
const oneLine = (text: string) => text.trim().split('\n');

describe('the CLI: help and usage', () => {
  let cli: BuiltCli;

  beforeAll(() => {
    cli = buildCli();
  });

  afterAll(() => {
    cli?.remove();
  });

  it('lists every command under --help and exits 0', async () => {
    const { code, stdout } = await cli.run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: nestjs-jwt-permissions \[options\] \[command\]/);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each(COMMANDS)('explains %s under its --help, with examples', async (command) => {
    const { code, stdout } = await cli.run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: nestjs-jwt-permissions ${command} `));
    expect(stdout).toContain(`$ nestjs-jwt-permissions ${command} `);
  });

  it('prints the usage to stderr and exits 1 without a command', async () => {
    const { code, stdout, stderr } = await cli.run([]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: nestjs-jwt-permissions/);
  });

  it('refuses an unknown command in one line, exit 1', async () => {
    const { code, stderr } = await cli.run(['tokens']);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual(["error: unknown command 'tokens'"]);
  });
});

describe('the CLI: keygen', () => {
  let cli: BuiltCli;

  beforeAll(() => {
    cli = buildCli();
  });

  afterAll(() => {
    cli?.remove();
  });

  it.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ])('prints a %s secret of %i random bytes as .env lines', async (alg, bytes) => {
    const { code, stdout } = await cli.run(['keygen', '--alg', alg]);
    expect(code).toBe(0);
    const env = parseEnv(stdout);
    expect(Object.keys(env)).toEqual(['JWT_ALGORITHM', 'JWT_SECRET']);
    expect(env.JWT_ALGORITHM).toBe(alg);
    expect(Buffer.from(env.JWT_SECRET!, 'base64url')).toHaveLength(bytes);
  });

  it('prints a new secret on every run', async () => {
    const [first, second] = await Promise.all([
      cli.run(['keygen', '--alg', 'HS512']),
      cli.run(['keygen', '--alg', 'HS512']),
    ]);
    expect(parseEnv(first.stdout).JWT_SECRET).not.toBe(parseEnv(second.stdout).JWT_SECRET);
  });

  it('prints an HMAC secret as an oct JWK with its kid, alg and use', async () => {
    const { stdout } = await cli.run(['keygen', '--alg', 'HS384', '--format', 'jwk', '--kid', 'hmac-1']);
    const jwk = JSON.parse(stdout) as JsonWebKey;
    expect(jwk).toEqual({ kty: 'oct', k: expect.any(String), kid: 'hmac-1', alg: 'HS384', use: 'sig' });
    expect(Buffer.from(jwk.k!, 'base64url')).toHaveLength(48);
  });

  it.each([
    ['RS256', 'rsa', { modulusLength: 2048 }],
    ['PS512', 'rsa', { modulusLength: 2048 }],
    ['ES256', 'ec', { namedCurve: 'prime256v1' }],
    ['ES384', 'ec', { namedCurve: 'secp384r1' }],
    ['ES512', 'ec', { namedCurve: 'secp521r1' }],
    ['EdDSA', 'ed25519', {}],
  ])(
    'prints a %s key pair as PEM: the PKCS #8 private key, then its SPKI public key',
    async (alg, type, details) => {
      const { code, stdout } = await cli.run(['keygen', '--alg', alg, '--format', 'pem']);
      expect(code).toBe(0);
      const [privatePem, publicPem] = stdout.split(/(?<=-----END PRIVATE KEY-----\n)/);
      expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
      const privateKey = createPrivateKey(privatePem);
      expect(privateKey.asymmetricKeyType).toBe(type);
      expect(privateKey.asymmetricKeyDetails).toMatchObject(details);
      const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
      expect(derived).toBe(publicPem);
    },
  );

  it('prints a key pair as .env lines whose one-line PEMs read back as the key pair', async () => {
    const { stdout } = await cli.run(['keygen', '--alg', 'ES256', '--kid', 'es-1']);
    const env = parseEnv(stdout);
    expect(Object.keys(env)).toEqual(['JWT_ALGORITHM', 'JWT_KEY_ID', 'JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY']);
    expect(stdout.trim().split('\n')).toHaveLength(4);
    expect(env).toMatchObject({ JWT_ALGORITHM: 'ES256', JWT_KEY_ID: 'es-1' });
    const derived = createPublicKey(createPrivateKey(env.JWT_PRIVATE_KEY!)).export({
      type: 'spki',
      format: 'pem',
    });
    expect(derived).toBe(env.JWT_PUBLIC_KEY);
  });

  it('prints a key pair as JWKs: the private one with "d", the public one without, both with kid, alg and use', async () => {
    const { stdout } = await cli.run(['keygen', '--alg', 'EdDSA', '--format', 'jwk', '--kid', 'ed-1']);
    const { privateKey, publicKey } = JSON.parse(stdout) as { privateKey: JsonWebKey; publicKey: JsonWebKey };
    expect(privateKey).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      d: expect.any(String),
      kid: 'ed-1',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(publicKey).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: privateKey.x,
      kid: 'ed-1',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(createPrivateKey({ key: privateKey, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses an unknown algorithm in one line that lists the algorithms, exit 1', async () => {
    const { code, stdout, stderr } = await cli.run(['keygen', '--alg', 'HS1024']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(oneLine(stderr)).toEqual([
      "error: option '--alg <algorithm>' argument 'HS1024' is invalid. Allowed choices are " +
        'HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA.',
    ]);
  });

  it('refuses to run without --alg, exit 1', async () => {
    const { code, stderr } = await cli.run(['keygen']);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual(["error: required option '--alg <algorithm>' not specified"]);
  });

  it('refuses PEM for an HMAC secret, saying which formats it has, without printing a key', async () => {
    const { code, stdout, stderr } = await cli.run(['keygen', '--alg', 'HS512', '--format', 'pem']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(oneLine(stderr)).toEqual([
      'error: an HMAC secret (HS512) has no PEM form: use --format env or --format jwk.',
    ]);
  });

  it('refuses a kid that would break a .env line', async () => {
    const { code, stderr } = await cli.run(['keygen', '--alg', 'HS256', '--kid', 'a b\nJWT_SECRET=x']);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual(['error: --kid must be printable ASCII without spaces.']);
  });

  // Node 20 can hang for ever exporting a freshly generated key pair to JWK while the GC runs;
  // keygen exports a key re-imported from PEM. Hundreds of JWK exports, with garbage to collect,
  // in a child process that is killed if it overruns its budget.
  it('exports hundreds of new key pairs to JWK without hanging', async () => {
    const generator = join(
      cli.dir,
      'node_modules',
      'nestjs-jwt-permissions',
      'dist',
      'cli',
      'key-pair.generator.js',
    );
    const script = `
      const { generateKey, keyJwks } = require(${JSON.stringify(generator)});
      let garbage = [];
      for (let i = 0; i < 300; i++) {
        const alg = i % 25 === 0 ? 'RS256' : ['ES256', 'EdDSA', 'ES384'][i % 3];
        keyJwks(generateKey(alg), 'k' + i);
        for (let j = 0; j < 2000; j++) garbage.push({ j, text: 'x'.repeat(32) });
        if (garbage.length > 100000) garbage = [];
      }
      console.log('done');
    `;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { timeout: 120_000, killSignal: 'SIGKILL' }, (error, out) =>
        error
          ? reject(new Error(error.killed ? 'key generation hung: killed after 120 s' : error.message))
          : resolve(out),
      );
    });
    expect(stdout.trim()).toBe('done');
  }, 150_000);
});
