import { Option, type Command } from 'commander';
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../token/jwt-algorithm.constants';
import { CliError } from './cli.errors';
import type { CliIo } from './cli-io.interface';
import { generateKey, keyJwks, keyPairPem } from './key-pair.generator';

type KeyFormat = 'env' | 'pem' | 'jwk';

// One-line `.env` value: dotenv and Node's parseEnv turn "\n" back into newlines inside double quotes.
const envValue = (pem: string) => `"${pem.replace(/\n/g, '\\n')}"`;

/** `keygen`: a new secret or key pair, as `.env` lines, PEM or JWK. Prints the key: that is its job. */
export function registerKeygenCommand(program: Command, io: CliIo): void {
  program
    .command('keygen')
    .description('generate a signing key: an HMAC secret or a key pair, as .env lines, PEM or JWK')
    .addOption(
      new Option('--alg <algorithm>', 'the algorithm the key is for')
        .choices(Object.keys(JWT_ALGORITHMS))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--format <format>', 'how to print it').choices(['env', 'pem', 'jwk']).default('env'),
    )
    .option('--kid <kid>', 'a key id, written as JWT_KEY_ID or the JWK "kid"')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ nestjs-jwt-permissions keygen --alg HS512 >> .env\n' +
        '  $ nestjs-jwt-permissions keygen --alg ES256 --format pem > signing-key.pem\n' +
        '  $ nestjs-jwt-permissions keygen --alg EdDSA --format jwk --kid 2025-01',
    )
    .action((options: { alg: JwtAlgorithm; format: KeyFormat; kid?: string }) => {
      io.out(keygen(options.alg, options.format, options.kid));
    });
}

/** The text `keygen` prints. */
export function keygen(algorithm: JwtAlgorithm, format: KeyFormat, kid: string | undefined): string {
  // The kid lands in a .env line: nothing that could end it or start another.
  if (kid !== undefined && !/^[\x21-\x7e]+$/.test(kid))
    throw new CliError('--kid must be printable ASCII without spaces.');
  const key = generateKey(algorithm);
  if (format === 'jwk') {
    const jwks = keyJwks(key, kid);
    return `${JSON.stringify(key.family === 'hmac' ? jwks.privateKey : jwks, null, 2)}\n`;
  }
  if (key.family === 'hmac') {
    if (format === 'pem')
      throw new CliError(`an HMAC secret (${algorithm}) has no PEM form: use --format env or --format jwk.`);
    return lines([
      `JWT_ALGORITHM=${algorithm}`,
      kid && `JWT_KEY_ID=${kid}`,
      `JWT_SECRET=${key.secret.toString('base64url')}`,
    ]);
  }
  const pem = keyPairPem(key);
  if (format === 'pem') return pem.privateKey + pem.publicKey;
  return lines([
    `JWT_ALGORITHM=${algorithm}`,
    kid && `JWT_KEY_ID=${kid}`,
    `JWT_PRIVATE_KEY=${envValue(pem.privateKey)}`,
    `JWT_PUBLIC_KEY=${envValue(pem.publicKey)}`,
  ]);
}

function lines(entries: Array<string | undefined>): string {
  return `${entries.filter((line) => line !== undefined).join('\n')}\n`;
}
