import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether the Redis specs run: `redis-server` is on PATH (checked once by Jest's globalSetup,
 * which says so in one line when it is not, and fails the run when REQUIRE_REDIS=1).
 */
export const REDIS_AVAILABLE = process.env.REDIS_SERVER_AVAILABLE !== '0';

/** `describe`, or `describe.skip` when there is no `redis-server` to run the specs against. */
export const describeWithRedis: jest.Describe = REDIS_AVAILABLE ? describe : describe.skip;

/** A free TCP port on the loopback interface (asked of the OS, never fixed). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A `redis-server` of the test's own, on a free loopback port. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and, when persistent, the same data). */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free 127.0.0.1 port, saving nothing (`--save ""`), or, with
 * `persistent`, with an append-only file in a temporary directory fsynced on every write, so that
 * what it acknowledged survives a kill.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'jwt-sessions-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--protected-mode',
    'yes',
  ];
  if (options.persistent) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  let child: ChildProcess | undefined;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          server.stdout.off('data', onData);
          server.stdout.resume();
          resolve();
        }
      };
      server.stdout.on('data', onData);
      server.stderr.resume();
      server.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
      );
      server.once('error', reject);
    });

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const server = child;
      if (!server || server.exitCode !== null || server.signalCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill(signal);
    });

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => waitExit('SIGKILL'),
    restart: launch,
    stop: async () => {
      await waitExit('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
