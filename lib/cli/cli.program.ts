import { Command, CommanderError } from 'commander';
import { CliError } from './cli.errors';
import type { CliIo } from './cli-io.interface';
import { registerInspectCommand } from './inspect.command';
import { registerJwksCommand } from './jwks.command';
import { registerKeygenCommand } from './keygen.command';
import { registerRoutesCommand } from './routes.command';
import { registerTokenCommand } from './token.command';

/** The program's name, as `npx` runs it. */
export const CLI_NAME = 'nestjs-jwt-permissions';

/** The commander program with every command, writing through `io` and throwing instead of exiting. */
export function createProgram(io: CliIo, version: string): Command {
  const program = new Command(CLI_NAME)
    .description('Keys, tokens and route permissions of nestjs-jwt-permissions, from the command line.')
    .version(version)
    .showSuggestionAfterError(false)
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .exitOverride();
  for (const register of [
    registerKeygenCommand,
    registerTokenCommand,
    registerInspectCommand,
    registerJwksCommand,
    registerRoutesCommand,
  ]) {
    register(program, io);
  }
  // Subcommands copy these settings only when created after them; set them on each once all exist.
  for (const command of program.commands) {
    command
      .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
      .exitOverride();
  }
  return program;
}

/**
 * Runs the CLI on `argv` (`process.argv`: node, the script, then the arguments) and resolves to
 * the exit status. Every failure is one line on stderr: commander's usage errors as it words them,
 * the commands' as `error: <message>`.
 */
export async function runCli(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const program = createProgram(io, version);
  if (argv.length <= 2) {
    io.err(program.helpInformation());
    return 1;
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander has written its message
    if (error instanceof CliError) {
      if (error.message !== '') io.err(`error: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`);
    return 1;
  }
}
