import { type Command } from 'commander';
import { CliError } from './cli.errors';
import { loadCliConfiguration } from './cli-config.loader';
import type { CliIo } from './cli-io.interface';
import { loadTokenServiceFactory } from './token-service.loader';

/** `jwks`: the public JWK Set of the configured keys, as `JwtTokenService.getJwks()` publishes it. */
export function registerJwksCommand(program: Command, io: CliIo): void {
  program
    .command('jwks')
    .description('print the public JWK Set of the configured keys (never a private key or an HMAC secret)')
    .option(
      '--config <file>',
      'a JSON file of JwtAuthModule options, or a .env file (default: the environment)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ JWT_PRIVATE_KEY="$(cat signing-key.pem)" nestjs-jwt-permissions jwks > jwks.json\n' +
        '  $ nestjs-jwt-permissions jwks --config jwt.json',
    )
    .action(async (options: { config?: string }) => {
      const configuration = loadCliConfiguration(options.config, io.env, io.cwd);
      const jwks = await loadTokenServiceFactory().withTokenService(configuration, (tokens) =>
        tokens.getJwks(),
      );
      if (jwks.keys.length === 0) {
        throw new CliError(
          `no public key in the configuration from ${configuration.source}: an HMAC secret is never published; ` +
            'configure JWT_PRIVATE_KEY or JWT_PUBLIC_KEY (keys fetched from JWT_JWKS_URI are not republished).',
        );
      }
      io.out(`${JSON.stringify(jwks, null, 2)}\n`);
    });
}
