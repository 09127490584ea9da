/** What the commands read and write, so that they run against the process or a test's buffers. */
export interface CliIo {
  /** The environment the configuration is read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths (`--config`, `--module`) start from. */
  readonly cwd: string;
  /** Writes to standard output: what the command was asked for. */
  out(text: string): void;
  /** Writes to standard error: notes and errors. */
  err(text: string): void;
  /** Reads standard input to its end (`inspect` without an argument). */
  readStdin(): Promise<string>;
}
