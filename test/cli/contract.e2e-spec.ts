// The contract for every command: --help, a non-zero exit with one clear line on bad
// input, and no secret printed that was not asked for.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { buildCli, type BuiltCli } from './built-cli';

// Each run starts a Node.js process; the machine running the suite may be busy.
jest.setTimeout(60_000);

const COMMANDS = ['keygen', 'token', 'inspect', 'jwks', 'routes'];
const SECRET = randomBytes(64).toString('base64url');
// A PEM-shaped value that is no key: whatever the CLI says of it must not repeat its body.
const BROKEN_PEM_BODY = `MIIBroken${randomBytes(24).toString('hex')}`;
const BROKEN_PEM = `-----BEGIN PRIVATE KEY-----\\n${BROKEN_PEM_BODY}\\n-----END PRIVATE KEY-----`;
const oneLine = (text: string) => text.trim().split('\n');

describe('the CLI: the contract of every command', () => {
  let cli: BuiltCli;
  let privateKey: string;
  const file = (name: string, text: string) => {
    writeFileSync(join(cli.dir, name), text);
    return name;
  };

  beforeAll(async () => {
    cli = buildCli();
    privateKey = parseEnv((await cli.run(['keygen', '--alg', 'ES256'])).stdout).JWT_PRIVATE_KEY!;
  });

  afterAll(() => {
    cli?.remove();
  });

  describe('--help', () => {
    it.each(COMMANDS)('%s --help prints nothing of the configured secret or private key', async (command) => {
      const { code, stdout, stderr } = await cli.run([command, '--help'], {
        env: { JWT_SECRET: SECRET, JWT_PRIVATE_KEY: privateKey },
      });
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: nestjs-jwt-permissions ${command} `));
      for (const secret of [SECRET, privateKey.slice(40, 80)]) expect(stdout).not.toContain(secret);
    });
  });

  describe('bad input', () => {
    it.each([
      ['keygen', '--alg', 'HS256'],
      ['token', '--sub', 'alice'],
      ['inspect', 'a.b.c'],
      ['jwks'],
      ['routes', '--module', 'app.module.js'],
    ])('%s refuses an unknown option in one line, exit 1', async (...command) => {
      const { code, stdout, stderr } = await cli.run([...command, '--frobnicate']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toEqual(["error: unknown option '--frobnicate'"]);
    });

    it.each([
      ['token without --sub', ['token'], "error: required option '--sub <userId>' not specified"],
      [
        'token with a --claim that is not name=value',
        ['token', '--sub', 'alice', '--claim', 'admin'],
        'error: --claim must be name=value; got "admin".',
      ],
      [
        'token with an empty group',
        ['token', '--sub', 'alice', '--groups', 'admin,,editor'],
        'error: --groups must be group names separated by commas, such as admin,editor.',
      ],
      [
        'inspect with a --config file that does not exist',
        ['inspect', 'a.b.c', '--config', 'missing.json'],
        'error: cannot read --config missing.json: ENOENT.',
      ],
    ])('refuses %s in one line, exit 1', async (_, args, message) => {
      const { code, stdout, stderr } = await cli.run(args, { env: { JWT_SECRET: SECRET } });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toEqual([message]);
    });

    it('jwks says how to configure a key when none is, in one line, exit 1', async () => {
      const { code, stdout, stderr } = await cli.run(['jwks']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).toMatch(/^error: no key configured: set JWT_SECRET, or JWT_PRIVATE_KEY/);
    });

    it.each(['token', 'inspect', 'jwks'])(
      '%s refuses a private key it cannot read in one line, without repeating it',
      async (command) => {
        const args =
          command === 'token'
            ? ['token', '--sub', 'alice']
            : command === 'inspect'
              ? ['inspect', 'a.b.c']
              : ['jwks'];
        const { code, stdout, stderr } = await cli.run(args, { env: { JWT_PRIVATE_KEY: BROKEN_PEM } });
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(oneLine(stderr)).toHaveLength(1);
        expect(stderr).toMatch(/^error: /);
        expect(stderr).not.toContain(BROKEN_PEM_BODY);
      },
    );
  });

  describe('secrets', () => {
    it('inspect never prints the secret it checks with: accepted, refused, or as JSON', async () => {
      const token = (
        await cli.run(['token', '--sub', 'alice'], { env: { JWT_SECRET: SECRET } })
      ).stdout.trim();
      const other = (
        await cli.run(['token', '--sub', 'alice'], {
          env: { JWT_SECRET: randomBytes(64).toString('base64url') },
        })
      ).stdout.trim();
      const config = file('inspect-secret.json', JSON.stringify({ secret: SECRET }));
      const runs = await Promise.all([
        cli.run(['inspect', token], { env: { JWT_SECRET: SECRET } }),
        cli.run(['inspect', other, '--json'], { env: { JWT_SECRET: SECRET } }),
        cli.run(['inspect', other, '--config', config]),
      ]);
      expect(runs.map(({ code }) => code)).toEqual([0, 2, 2]);
      for (const { stdout, stderr } of runs) expect(stdout + stderr).not.toContain(SECRET);
    });

    it("inspect reports the module's refusal of the configuration without repeating the secret", async () => {
      const { code, stderr } = await cli.run(['inspect', 'a.b.c'], {
        env: { JWT_SECRET: 'too-short-secret-value' },
      });
      expect(code).toBe(1);
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).not.toContain('too-short-secret-value');
    });

    it('jwks publishes only the public half of the configured key pair', async () => {
      const { code, stdout } = await cli.run(['jwks'], { env: { JWT_PRIVATE_KEY: privateKey } });
      expect(code).toBe(0);
      const { keys } = JSON.parse(stdout) as { keys: Record<string, unknown>[] };
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toHaveProperty('d');
      expect(stdout).not.toContain(privateKey.slice(40, 80));
    });

    it('keygen prints only the key asked for, on stdout, and nothing on stderr', async () => {
      const [pem, hmac] = await Promise.all([
        cli.run(['keygen', '--alg', 'ES256', '--format', 'pem']),
        cli.run(['keygen', '--alg', 'HS256', '--format', 'jwk']),
      ]);
      expect([pem.stderr, hmac.stderr]).toEqual(['', '']);
      expect(pem.stdout).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/,
      );
      expect(Object.keys(JSON.parse(hmac.stdout) as object)).toEqual(['kty', 'k', 'alg', 'use']);
    });
  });
});
