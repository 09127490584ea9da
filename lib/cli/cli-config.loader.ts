import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { JwtAuthOptions } from '../jwt-auth.options';
import type { JwtAlgorithm } from '../token/jwt-algorithm.constants';
import type { JwtKeyInput } from '../token/key-input.parser';
import { CliError } from './cli.errors';

/**
 * The environment variables the CLI reads its configuration from (or a `.env` file given to
 * `--config`). `JWT_SECRET`, `JWT_PRIVATE_KEY`, `JWT_PUBLIC_KEY`, `JWT_ALGORITHM` and
 * `JWT_EXPIRATION` are the sample app's names.
 */
export const CLI_ENVIRONMENT = [
  'JWT_SECRET',
  'JWT_PRIVATE_KEY',
  'JWT_PUBLIC_KEY',
  'JWT_ALGORITHM',
  'JWT_KEY_ID',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_EXPIRATION',
  'JWT_LEEWAY',
  'JWT_JWKS_URI',
] as const;

/** The module options the CLI works with, and where they were read, for error messages. */
export interface CliConfiguration {
  readonly options: JwtAuthOptions;
  /** `the environment`, or the file's path as given. */
  readonly source: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

const NO_KEY =
  'no key configured: set JWT_SECRET, or JWT_PRIVATE_KEY / JWT_PUBLIC_KEY, or JWT_JWKS_URI and JWT_ISSUER, ' +
  'or pass --config <file.json|file.env>';

/**
 * The options of `--config <file>` (a JSON object of `JwtAuthOptions`, or a `.env` file of the
 * variables above) or, without it, of the environment. Fails when they name no key.
 */
export function loadCliConfiguration(
  configPath: string | undefined,
  env: Environment,
  cwd: string,
): CliConfiguration {
  if (configPath === undefined)
    return withKey({ options: optionsFromEnvironment(env), source: 'the environment' });
  let text: string;
  try {
    text = readFileSync(resolve(cwd, configPath), 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read --config ${configPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  if (extname(configPath).toLowerCase() !== '.json') {
    return withKey({ options: optionsFromEnvironment(parseEnv(text)), source: configPath });
  }
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch {
    throw new CliError(`--config ${configPath} is not valid JSON.`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CliError(
      `--config ${configPath} must hold a JSON object of JwtAuthModule options, such as { "secret": "..." }.`,
    );
  }
  return withKey({ options: options, source: configPath });
}

function withKey(configuration: CliConfiguration): CliConfiguration {
  const { secret, privateKey, publicKey, keys, jwksUri } = configuration.options;
  if ([secret, privateKey, publicKey, keys, jwksUri].every((value) => value === undefined)) {
    throw new CliError(
      configuration.source === 'the environment' ? NO_KEY : `${configuration.source}: ${NO_KEY}`,
    );
  }
  return configuration;
}

/** The module options the variables describe. A private key wins over `JWT_SECRET`, as in the sample app. */
export function optionsFromEnvironment(env: Environment): JwtAuthOptions {
  const value = (name: (typeof CLI_ENVIRONMENT)[number]) =>
    env[name]?.trim() ? env[name].trim() : undefined;
  const privateKey = keyInput(value('JWT_PRIVATE_KEY'), 'JWT_PRIVATE_KEY');
  const publicKey = keyInput(value('JWT_PUBLIC_KEY'), 'JWT_PUBLIC_KEY');
  const secret = privateKey === undefined ? value('JWT_SECRET') : undefined;
  const algorithm =
    (value('JWT_ALGORITHM') as JwtAlgorithm | undefined) ?? algorithmOf(privateKey ?? publicKey);
  const kid = value('JWT_KEY_ID');
  const audience = value('JWT_AUDIENCE')
    ?.split(',')
    .map((a) => a.trim());
  const options: JwtAuthOptions = {
    algorithm,
    issuer: value('JWT_ISSUER'),
    audience: audience && audience.length === 1 ? audience[0] : audience,
    expiration: seconds(value('JWT_EXPIRATION'), 'JWT_EXPIRATION'),
    leeway: seconds(value('JWT_LEEWAY'), 'JWT_LEEWAY'),
    jwksUri: value('JWT_JWKS_URI'),
  };
  const hasKey = [secret, privateKey, publicKey].some((key) => key !== undefined);
  if (kid !== undefined && hasKey) options.keys = [{ kid, secret, privateKey, publicKey }];
  else Object.assign(options, { secret, privateKey, publicKey });
  // Unset variables are left out, so that the module's defaults apply.
  for (const name of Object.keys(options) as (keyof JwtAuthOptions)[])
    if (options[name] === undefined) delete options[name];
  return options;
}

/** A PEM (whose newlines a one-line variable often carries as `\n`) or a JWK as JSON. */
function keyInput(text: string | undefined, name: string): JwtKeyInput | undefined {
  if (text === undefined) return undefined;
  if (!text.startsWith('{')) return text.replace(/\\n/g, '\n');
  try {
    return JSON.parse(text) as JwtKeyInput;
  } catch {
    throw new CliError(`${name} starts with "{" but is not a JSON Web Key.`);
  }
}

function seconds(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const number = Number(text);
  if (!Number.isFinite(number))
    throw new CliError(`${name} must be a number of seconds; got ${JSON.stringify(text)}.`);
  return number;
}

const CURVE_ALGORITHMS: Readonly<Record<string, JwtAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/**
 * The algorithm a key pair is used with when `JWT_ALGORITHM` names none: RS256 for RSA, ES* by
 * curve, EdDSA for Ed25519. `undefined` when the key cannot be read: the module then says why.
 */
function algorithmOf(key: JwtKeyInput | undefined): JwtAlgorithm | undefined {
  if (key === undefined) return undefined;
  try {
    const publicKey =
      typeof key === 'string' || Buffer.isBuffer(key)
        ? createPublicKey(key)
        : createPublicKey({ key: key as never, format: 'jwk' });
    switch (publicKey.asymmetricKeyType) {
      case 'rsa':
        return 'RS256';
      case 'ed25519':
        return 'EdDSA';
      case 'ec':
        return CURVE_ALGORITHMS[publicKey.asymmetricKeyDetails?.namedCurve ?? ''];
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
