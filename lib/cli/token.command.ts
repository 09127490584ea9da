import { type Command } from 'commander';
import { CliError } from './cli.errors';
import { loadCliConfiguration } from './cli-config.loader';
import type { CliIo } from './cli-io.interface';
import { loadTokenServiceFactory } from './token-service.loader';
import { parseDuration } from './duration.parser';

interface TokenOptions {
  sub: string;
  groups?: string;
  exp?: string;
  claim: string[];
  config?: string;
}

/** Claims the token service writes itself, from the configuration and `--exp`. */
const RESERVED_CLAIMS = new Set(['sub', 'iat', 'exp', 'aud', 'iss']);

/** The claim written by `--groups`. */
export const GROUPS_CLAIM = 'groups';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `token`: a token signed by the configured key through `JwtTokenService`, for local testing. */
export function registerTokenCommand(program: Command, io: CliIo): void {
  program
    .command('token')
    .description('sign a token for local testing, with the key configured in the environment or --config')
    .requiredOption('--sub <userId>', 'the user id (the "sub" claim)')
    .option('--groups <groups>', `comma-separated groups, written to the "${GROUPS_CLAIM}" claim (see below)`)
    .option('--exp <duration>', 'lifetime: 3600, 90s, 15m, 1h, 7d (default: the configured expiration)')
    .option(
      '--claim <name=value>',
      'an extra claim; the value is read as JSON when it parses, else as text (repeatable)',
      collect,
      [],
    )
    .option(
      '--config <file>',
      'a JSON file of JwtAuthModule options, or a .env file (default: the environment)',
    )
    .addHelpText(
      'after',
      '\nThe key comes from JWT_SECRET, or JWT_PRIVATE_KEY (JWT_ALGORITHM, JWT_KEY_ID, JWT_ISSUER, JWT_AUDIENCE,\n' +
        'JWT_EXPIRATION), or from --config. Only the token is printed, so that TOKEN=$(...) works.\n\n' +
        `Groups come from the application's GroupFinder, never from the token: --groups writes a "${GROUPS_CLAIM}"\n` +
        'claim, which counts only if your GroupFinder reads it (in tests, stub the GroupFinder instead).\n\n' +
        'Examples:\n' +
        '  $ nestjs-jwt-permissions token --sub alice --exp 1h\n' +
        '  $ nestjs-jwt-permissions token --sub alice --groups admin,editor --claim name=Alice --config jwt.json',
    )
    .action(async (options: TokenOptions) => {
      io.out(`${await signToken(options, io)}\n`);
      if (options.groups !== undefined) {
        io.err(
          `note: groups written to the "${GROUPS_CLAIM}" claim; the application's GroupFinder decides a user's groups.\n`,
        );
      }
    });
}

async function signToken(options: TokenOptions, io: CliIo): Promise<string> {
  if (options.sub.trim() === '') throw new CliError('--sub must be a user id.');
  const expiration = options.exp === undefined ? undefined : parseDuration(options.exp);
  const claims: Record<string, unknown> = {};
  if (options.groups !== undefined) {
    const groups = options.groups.split(',').map((group) => group.trim());
    if (groups.some((group) => group === ''))
      throw new CliError('--groups must be group names separated by commas, such as admin,editor.');
    claims[GROUPS_CLAIM] = groups;
  }
  for (const entry of options.claim) {
    const [name, value] = claimOf(entry);
    claims[name] = value;
  }
  const configuration = loadCliConfiguration(options.config, io.env, io.cwd);
  return loadTokenServiceFactory().withTokenService(configuration, (tokens) =>
    tokens.createToken(options.sub, { expiration, claims }),
  );
}

function claimOf(entry: string): [string, unknown] {
  const equals = entry.indexOf('=');
  const name = equals > 0 ? entry.slice(0, equals) : '';
  if (name === '') throw new CliError(`--claim must be name=value; got ${JSON.stringify(entry)}.`);
  if (RESERVED_CLAIMS.has(name)) {
    throw new CliError(
      `--claim cannot set "${name}": use --sub, --exp, or the configured issuer and audience.`,
    );
  }
  const text = entry.slice(equals + 1);
  try {
    return [name, JSON.parse(text)];
  } catch {
    return [name, text];
  }
}
