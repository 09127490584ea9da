/**
 * A failure the CLI reports as one line on stderr, with an exit status: bad input, a missing key,
 * a configuration the module refuses. Its message never holds a secret.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    /** The process exit status. `1` for bad input; `inspect` uses `2` for a refused token. */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
