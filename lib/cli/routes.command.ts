import { type Command } from 'commander';
import { resolve } from 'node:path';
import type { RoutesOptions } from './application-report.loader';
import type { CliIo } from './cli-io.interface';

/** `routes`: the route permission report of an application module, booted without listening. */
export function registerRoutesCommand(program: Command, io: CliIo): void {
  program
    .command('routes')
    .description("print the route permission report of an application's module (booted, not listening)")
    .requiredOption(
      '--module <file>',
      'the compiled JavaScript file of the module, such as ./dist/app.module.js',
    )
    .option(
      '--export <name>',
      'the name the module is exported under (default: AppModule, or the default export)',
    )
    .option(
      '--prefix <prefix>',
      'the global prefix main.ts sets with app.setGlobalPrefix(), which the module alone does not know',
    )
    .option('--json', 'print the report as JSON rows instead of a table')
    .addHelpText(
      'after',
      '\nThe module is booted with its providers (logger off, no port opened): start-up code runs, so run it\n' +
        'where the application can start. It must import JwtAuthModule.\n\n' +
        'Examples:\n' +
        '  $ nestjs-jwt-permissions routes --module ./dist/app.module.js\n' +
        '  $ nestjs-jwt-permissions routes --module ./dist/app.module.js --export ApiModule --prefix api --json',
    )
    .action(async (options: RoutesOptions) => {
      // NestJS is loaded only by the commands that need it: keygen and --help stay quick.
      /* eslint-disable @typescript-eslint/no-require-imports -- loaded only by this command */
      const { applicationRouteReport } =
        require('./application-report.loader') as typeof import('./application-report.loader');
      const { formatRouteReport } =
        require('../observability/route-report.formatter') as typeof import('../observability/route-report.formatter');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const report = await applicationRouteReport(resolve(io.cwd, options.module), options);
      io.out(options.json ? `${JSON.stringify(report.rows, null, 2)}\n` : `${formatRouteReport(report)}\n`);
    });
}
