import { transformFileSync } from '@swc/core';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** What a run of the CLI gave. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link BuiltCli.run}. */
export interface RunOptions {
  /** Environment variables on top of PATH alone: the runner's own JWT_* never leak in. */
  readonly env?: Record<string, string>;
  /** Written to standard input, then closed. */
  readonly input?: string;
  /** Milliseconds before the run is killed and the spec fails. Default 30 s. */
  readonly timeout?: number;
}

/**
 * The library, laid out as an installed package: `<dir>/node_modules/nestjs-jwt-permissions` with
 * its package.json and `dist/` (`dist/cli/main.js` is the "bin"). Under the repository's
 * node_modules, so that the package finds its dependencies as an installed one would.
 */
export interface BuiltCli {
  /** The scratch directory: the application's root, with the package in its node_modules. */
  readonly dir: string;
  /** Runs `node dist/cli/main.js ...args` in `dir`. */
  run(args: readonly string[], options?: RunOptions): Promise<CliRun>;
  /**
   * Compiles each of `files` (repository paths) to `<dir>/<same path>.js`, where they import the
   * package by name; returns the first one's path.
   */
  compile(...files: string[]): string;
  /** Deletes the scratch directory. */
  remove(): void;
}

function compileTo(source: string, target: string): void {
  const { code } = transformFileSync(source, {
    // As jest.config.js compiles, with import() left alone as tsc leaves it.
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: false,
    swcrc: false,
  });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Compiles lib/ with swc (the transform the specs use; `npm run build` is tsc, checked by the pack check). */
export function buildCli(): BuiltCli {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'nestjs-jwt-permissions-cli-'));
  const packageDir = join(dir, 'node_modules', 'nestjs-jwt-permissions');
  for (const source of sources(join(ROOT, 'lib'))) {
    compileTo(source, join(packageDir, 'dist', relative(join(ROOT, 'lib'), source)).replace(/\.ts$/, '.js'));
  }
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify(require(join(ROOT, 'package.json'))));
  const main = join(packageDir, 'dist', 'cli', 'main.js');
  return {
    dir,
    run: (args, { env = {}, input, timeout = 30_000 } = {}) =>
      new Promise((resolve, reject) => {
        const child = execFile(
          process.execPath,
          [main, ...args],
          { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, timeout, killSignal: 'SIGKILL' },
          (error, stdout, stderr) => {
            if (error?.killed)
              reject(new Error(`the CLI did not finish within ${timeout} ms: ${args.join(' ')}`));
            else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
          },
        );
        child.stdin!.end(input ?? '');
      }),
    compile: (...files) => {
      for (const file of files) compileTo(join(ROOT, file), join(dir, file.replace(/\.ts$/, '.js')));
      return join(dir, files[0].replace(/\.ts$/, '.js'));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
