import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { JwtAuthModule, JwtTokenService, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import { buildCli, type BuiltCli } from './built-cli';

// Each run starts a Node.js process; the machine running the suite may be busy.
jest.setTimeout(60_000);

const SECRET = randomBytes(64).toString('base64url');
const oneLine = (text: string) => text.trim().split('\n');

/** The token service of an application configured with `options`, to check the CLI's tokens against. */
async function tokenService(options: JwtAuthOptions): Promise<JwtTokenService> {
  const moduleRef = await Test.createTestingModule({ imports: [JwtAuthModule.forRoot(options)] }).compile();
  return moduleRef.get(JwtTokenService);
}

describe('the CLI: token, inspect and jwks', () => {
  let cli: BuiltCli;
  const file = (name: string, text: string) => {
    writeFileSync(join(cli.dir, name), text);
    return name;
  };

  beforeAll(() => {
    cli = buildCli();
  });

  afterAll(() => {
    cli?.remove();
  });

  describe('token', () => {
    it('prints only a token that the application, configured with the same JWT_SECRET, accepts', async () => {
      const { code, stdout, stderr } = await cli.run(['token', '--sub', 'alice'], {
        env: { JWT_SECRET: SECRET },
      });
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const claims = await (await tokenService({ secret: SECRET })).verifyToken(stdout.trim());
      expect(claims.sub).toBe('alice');
      expect(claims.exp! - claims.iat!).toBe(3600);
    });

    it('gives the token the lifetime of --exp', async () => {
      const { stdout } = await cli.run(['token', '--sub', 'alice', '--exp', '15m'], {
        env: { JWT_SECRET: SECRET },
      });
      const claims = await (await tokenService({ secret: SECRET })).verifyToken(stdout.trim());
      expect(claims.exp! - claims.iat!).toBe(900);
    });

    it('writes --groups to the groups claim and says on stderr that the GroupFinder decides', async () => {
      const { stdout, stderr } = await cli.run(['token', '--sub', 'alice', '--groups', 'admin, editor'], {
        env: { JWT_SECRET: SECRET },
      });
      const claims = await (await tokenService({ secret: SECRET })).verifyToken(stdout.trim());
      expect(claims.groups).toEqual(['admin', 'editor']);
      expect(oneLine(stderr)).toEqual([
        'note: groups written to the "groups" claim; the application\'s GroupFinder decides a user\'s groups.',
      ]);
    });

    it('adds each --claim, its value read as JSON when it parses and as text otherwise', async () => {
      const args = [
        'token',
        '--sub',
        'alice',
        '--claim',
        'name=Alice',
        '--claim',
        'level=3',
        '--claim',
        'tags=["a","b"]',
      ];
      const { stdout } = await cli.run(args, { env: { JWT_SECRET: SECRET } });
      const claims = await (await tokenService({ secret: SECRET })).verifyToken(stdout.trim());
      expect(claims).toMatchObject({ name: 'Alice', level: 3, tags: ['a', 'b'] });
    });

    it('signs with the options of a --config JSON file, issuer and audience included', async () => {
      const options = { secret: SECRET, algorithm: 'HS384', issuer: 'https://issuer.test', audience: 'api' };
      const config = file('jwt.json', JSON.stringify(options));
      const { stdout } = await cli.run(['token', '--sub', 'bob', '--config', config]);
      const claims = await (await tokenService(options as JwtAuthOptions)).verifyToken(stdout.trim());
      expect(claims).toMatchObject({ sub: 'bob', iss: 'https://issuer.test', aud: 'api' });
      expect(JSON.parse(Buffer.from(stdout.split('.')[0], 'base64url').toString())).toEqual({
        alg: 'HS384',
        typ: 'JWT',
      });
    });

    it.each(['RS256', 'ES256', 'EdDSA'])(
      'signs with a %s key pair from a .env file made by keygen, which the public key verifies',
      async (alg) => {
        const keys = (await cli.run(['keygen', '--alg', alg, '--kid', `${alg}-key`])).stdout;
        const env = parseEnv(keys);
        const { code, stdout } = await cli.run([
          'token',
          '--sub',
          'carol',
          '--config',
          file(`${alg}.env`, keys),
        ]);
        expect(code).toBe(0);
        const verifier = await tokenService({
          keys: [{ kid: `${alg}-key`, algorithm: alg as 'RS256', publicKey: env.JWT_PUBLIC_KEY! }],
        });
        expect((await verifier.verifyToken(stdout.trim())).sub).toBe('carol');
      },
    );

    it('reads a private key from JWT_PRIVATE_KEY with its newlines written as \\n, and infers its algorithm', async () => {
      const env = parseEnv((await cli.run(['keygen', '--alg', 'ES384'])).stdout);
      const oneLinePem = env.JWT_PRIVATE_KEY!.replace(/\n/g, '\\n');
      const { stdout } = await cli.run(['token', '--sub', 'dan'], { env: { JWT_PRIVATE_KEY: oneLinePem } });
      expect(JSON.parse(Buffer.from(stdout.split('.')[0], 'base64url').toString()).alg).toBe('ES384');
    });

    it('fails in one line, exit 1, without a key configured', async () => {
      const { code, stdout, stderr } = await cli.run(['token', '--sub', 'alice']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toEqual([
        'error: no key configured: set JWT_SECRET, or JWT_PRIVATE_KEY / JWT_PUBLIC_KEY, or JWT_JWKS_URI and JWT_ISSUER, ' +
          'or pass --config <file.json|file.env>',
      ]);
    });

    it('fails in one line on a bad duration', async () => {
      const { code, stderr } = await cli.run(['token', '--sub', 'alice', '--exp', '1 hour'], {
        env: { JWT_SECRET: SECRET },
      });
      expect(code).toBe(1);
      expect(oneLine(stderr)).toEqual([
        'error: --exp must be a positive duration such as 3600, 90s, 15m, 1h or 7d; got "1 hour".',
      ]);
    });

    it('refuses a --claim that would override a claim the service writes', async () => {
      const { code, stderr } = await cli.run(['token', '--sub', 'alice', '--claim', 'sub=root'], {
        env: { JWT_SECRET: SECRET },
      });
      expect(code).toBe(1);
      expect(oneLine(stderr)).toEqual([
        'error: --claim cannot set "sub": use --sub, --exp, or the configured issuer and audience.',
      ]);
    });

    it("reports the module's refusal of the configuration in one line that does not repeat the secret", async () => {
      const { code, stderr } = await cli.run(['token', '--sub', 'alice'], {
        env: { JWT_SECRET: 'too-short-secret-value' },
      });
      expect(code).toBe(1);
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).toMatch(
        /^error: configuration from the environment: JwtAuthModule: "secret" is 22 bytes long, but HS512 needs at least 64/,
      );
      expect(stderr).not.toContain('too-short-secret-value');
    });

    it('fails in one line with a verify-only configuration, which cannot sign', async () => {
      const env = parseEnv((await cli.run(['keygen', '--alg', 'EdDSA'])).stdout);
      const { code, stderr } = await cli.run(['token', '--sub', 'alice'], {
        env: { JWT_PUBLIC_KEY: env.JWT_PUBLIC_KEY! },
      });
      expect(code).toBe(1);
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).toMatch(/^error: .*(verify-only|no .*key to sign)/i);
    });

    it('never prints the secret it signs with', async () => {
      const { stdout, stderr } = await cli.run(['token', '--sub', 'alice'], { env: { JWT_SECRET: SECRET } });
      expect(stdout + stderr).not.toContain(SECRET);
    });
  });

  describe('inspect', () => {
    it('prints the header and claims and says the configuration accepts the token, exit 0', async () => {
      const token = await (
        await tokenService({ secret: SECRET })
      ).createToken('alice', { claims: { name: 'Alice' } });
      const { code, stdout } = await cli.run(['inspect', token], { env: { JWT_SECRET: SECRET } });
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^Header\n\{\n {2}"alg": "HS512",\n {2}"typ": "JWT"\n\}\nClaims\n\{\n {2}"name": "Alice",\n {2}"sub": "alice",/,
      );
      expect(stdout).toMatch(/^exp: \d{4}-\d\d-\d\dT/m);
      expect(stdout.trim().split('\n').at(-1)).toBe('Accepted by this configuration.');
      expect(stdout).not.toContain(SECRET);
      expect(stdout).not.toContain(token.split('.')[2]);
    });

    it('reads the token from standard input', async () => {
      const token = await (await tokenService({ secret: SECRET })).createToken('alice');
      const { code, stdout } = await cli.run(['inspect', '--json'], {
        env: { JWT_SECRET: SECRET },
        input: `${token}\n`,
      });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({
        header: { alg: 'HS512', typ: 'JWT' },
        claims: {
          sub: 'alice',
          iat: expect.any(Number),
          exp: expect.any(Number),
          jti: expect.any(String),
          sid: expect.any(String),
        },
        accepted: true,
      });
    });

    it('gives the refusal code and why of an expired token, exit 2', async () => {
      const hourAgo = Date.now() - 3_600_000;
      const token = await (
        await tokenService({ secret: SECRET, clock: () => hourAgo, expiration: 60 })
      ).createToken('alice');
      const { code, stdout } = await cli.run(['inspect', token, '--json'], { env: { JWT_SECRET: SECRET } });
      expect(code).toBe(2);
      expect(JSON.parse(stdout)).toMatchObject({
        accepted: false,
        refusal: { code: 'expired', message: 'The token has expired' },
      });
    });

    it('says a token signed with another key is refused for its signature', async () => {
      const token = await (await tokenService({ secret: randomBytes(64) })).createToken('alice');
      const { code, stdout } = await cli.run(['inspect', token], { env: { JWT_SECRET: SECRET } });
      expect(code).toBe(2);
      expect(stdout.trim().split('\n').at(-1)).toBe(
        'Refused by this configuration: signature_invalid (The token signature is invalid).',
      );
    });

    it('checks the audience of the --config file', async () => {
      const token = await (await tokenService({ secret: SECRET, audience: 'other' })).createToken('alice');
      const config = file('audience.json', JSON.stringify({ secret: SECRET, audience: 'api' }));
      const { code, stdout } = await cli.run(['inspect', token, '--config', config, '--json']);
      expect(code).toBe(2);
      expect(JSON.parse(stdout).refusal.code).toBe('audience_invalid');
    });

    it('only decodes, exit 0, when no key is configured', async () => {
      const token = await (await tokenService({ secret: SECRET })).createToken('alice');
      const { code, stdout } = await cli.run(['inspect', token, '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ claims: { sub: 'alice' }, accepted: null });
    });

    it('fails in one line, exit 1, on something that is not a JWT', async () => {
      const { code, stdout, stderr } = await cli.run(['inspect', 'not-a-token'], {
        env: { JWT_SECRET: SECRET },
      });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toEqual([
        'error: not a JWT: expected three dot-separated base64url parts (header.payload.signature).',
      ]);
    });

    it('fails in one line without a token', async () => {
      const { code, stderr } = await cli.run(['inspect']);
      expect(code).toBe(1);
      expect(oneLine(stderr)).toEqual(['error: no token: pass it as an argument or on standard input.']);
    });
  });

  describe('jwks', () => {
    it('prints the public JWK Set of the configured key pair, with its kid and no private part', async () => {
      const keys = (await cli.run(['keygen', '--alg', 'ES256', '--kid', 'jwks-1'])).stdout;
      const { code, stdout } = await cli.run(['jwks', '--config', file('jwks.env', keys)]);
      expect(code).toBe(0);
      const jwks = JSON.parse(stdout);
      expect(jwks).toEqual({
        keys: [
          {
            kty: 'EC',
            crv: 'P-256',
            x: expect.any(String),
            y: expect.any(String),
            kid: 'jwks-1',
            alg: 'ES256',
            use: 'sig',
          },
        ],
      });
      expect(jwks).toEqual(
        (
          await tokenService({
            keys: [{ kid: 'jwks-1', privateKey: parseEnv(keys).JWT_PRIVATE_KEY!, algorithm: 'ES256' }],
          })
        ).getJwks(),
      );
    });

    it('refuses, in one line and without printing it, to publish an HMAC secret', async () => {
      const { code, stdout, stderr } = await cli.run(['jwks'], { env: { JWT_SECRET: SECRET } });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).toMatch(
        /^error: no public key in the configuration from the environment: an HMAC secret is never published/,
      );
      expect(stderr).not.toContain(SECRET);
    });

    it('fails in one line on a --config file that does not exist', async () => {
      const { code, stderr } = await cli.run(['jwks', '--config', 'missing.json']);
      expect(code).toBe(1);
      expect(oneLine(stderr)).toEqual(['error: cannot read --config missing.json: ENOENT.']);
    });
  });
});
