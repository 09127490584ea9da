import { type Command } from 'commander';
import { JwtTokenError } from '../token/jwt-token.errors';
import { CliError } from './cli.errors';
import { loadCliConfiguration, type CliConfiguration } from './cli-config.loader';
import type { CliIo } from './cli-io.interface';
import { loadTokenServiceFactory } from './token-service.loader';

/** Exit status of `inspect` for a token the configuration refuses. */
export const REFUSED_EXIT_CODE = 2;

/** What `inspect --json` prints. */
export interface Inspection {
  /** The token's JOSE header, decoded, not verified. */
  readonly header: Record<string, unknown>;
  /** The token's claims, decoded, not verified; `null` when the payload is not a JSON object. */
  readonly claims: Record<string, unknown> | null;
  /** Whether the configuration accepts the token now; `null` when no key was configured to check it. */
  readonly accepted: boolean | null;
  /** Why the configuration refuses it: the `JwtTokenError` code and its message. */
  readonly refusal?: { readonly code: string; readonly message: string };
}

interface InspectOptions {
  config?: string;
  json?: boolean;
}

/** `inspect`: a token's header and claims, and whether the configuration would accept it. */
export function registerInspectCommand(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description("decode a token's header and claims, and check it against the configured keys and claims")
    .argument('[token]', 'the token (default: read from standard input)')
    .option(
      '--config <file>',
      'a JSON file of JwtAuthModule options, or a .env file (default: the environment)',
    )
    .option('--json', 'print one JSON object: header, claims, accepted, refusal')
    .addHelpText(
      'after',
      '\nWithout a configured key (JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_URI... or --config), only decodes.\n' +
        `Exit status: 0 when accepted (or only decoded), ${REFUSED_EXIT_CODE} when refused, 1 on bad input.\n\n` +
        'Examples:\n' +
        '  $ nestjs-jwt-permissions inspect eyJhbGciOi...\n' +
        '  $ echo "$TOKEN" | nestjs-jwt-permissions inspect --config jwt.json --json',
    )
    .action(async (token: string | undefined, options: InspectOptions) => {
      const text = (token ?? (await io.readStdin())).trim();
      if (text === '') throw new CliError('no token: pass it as an argument or on standard input.');
      const inspection = await inspect(text, configurationFor(options, io));
      io.out(options.json ? `${JSON.stringify(inspection, null, 2)}\n` : describe(inspection));
      if (inspection.accepted === false) throw new CliError('', REFUSED_EXIT_CODE);
    });
}

// Decoding only needs no key: without one configured (and without --config), the token is not checked.
function configurationFor(options: InspectOptions, io: CliIo): CliConfiguration | undefined {
  try {
    return loadCliConfiguration(options.config, io.env, io.cwd);
  } catch (error) {
    if (
      options.config === undefined &&
      error instanceof CliError &&
      error.message.startsWith('no key configured')
    )
      return undefined;
    throw error;
  }
}

/** The token decoded and, with a configuration, checked by `JwtTokenService.tryVerifyToken`. */
export async function inspect(
  token: string,
  configuration: CliConfiguration | undefined,
): Promise<Inspection> {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw new CliError('not a JWT: expected three dot-separated base64url parts (header.payload.signature).');
  const header = decodePart(parts[0]);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new CliError('not a JWT: its header is not a base64url-encoded JSON object.');
  }
  const payload = decodePart(parts[1]);
  const claims =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  if (configuration === undefined)
    return { header: header as Record<string, unknown>, claims, accepted: null };
  const outcome = await loadTokenServiceFactory().withTokenService(configuration, (tokens) =>
    tokens.tryVerifyToken(token),
  );
  return outcome instanceof JwtTokenError
    ? {
        header: header as Record<string, unknown>,
        claims,
        accepted: false,
        refusal: { code: outcome.code, message: outcome.message },
      }
    : { header: header as Record<string, unknown>, claims, accepted: true };
}

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const TIME_CLAIMS = ['iat', 'nbf', 'exp'];

/** The inspection as text: header, claims (with the time claims as dates), then the verdict. */
function describe({ header, claims, accepted, refusal }: Inspection): string {
  const lines = [
    'Header',
    JSON.stringify(header, null, 2),
    'Claims',
    claims === null ? '(not a JSON object)' : JSON.stringify(claims, null, 2),
  ];
  for (const name of TIME_CLAIMS) {
    const seconds = claims?.[name];
    if (typeof seconds === 'number' && Number.isFinite(seconds))
      lines.push(`${name}: ${new Date(seconds * 1000).toISOString()}`);
  }
  if (accepted === null)
    lines.push('Not checked: no key configured (set JWT_SECRET, JWT_PUBLIC_KEY... or pass --config).');
  else if (accepted) lines.push('Accepted by this configuration.');
  else lines.push(`Refused by this configuration: ${refusal!.code} (${refusal!.message}).`);
  return `${lines.join('\n')}\n`;
}
