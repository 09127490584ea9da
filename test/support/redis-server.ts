import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
 * Runs `redis-server` with `args` (the port and the data directory added) until `readyLine`
 * appears in its log; `files` are written to the directory first (a Sentinel's configuration).
 */
async function launchServer(
  args: readonly string[],
  options: { readyLine?: string; files?: Record<string, string>; configFile?: string } = {},
): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'jwt-sessions-redis-'));
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  const readyLine = options.readyLine ?? 'Ready to accept connections';
  const all = [
    ...(options.configFile === undefined ? [] : [join(dir, options.configFile)]),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--protected-mode',
    'yes',
    ...args,
  ];
  let child: ChildProcess | undefined;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const server = spawn('redis-server', all, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(readyLine)) {
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

  try {
    await launch();
  } catch (error) {
    await waitExit('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
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

/**
 * Starts `redis-server` on a free 127.0.0.1 port, saving nothing (`--save ""`), or, with
 * `persistent`, with an append-only file in a temporary directory fsynced on every write, so that
 * what it acknowledged survives a kill.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<TestRedis> {
  return launchServer([
    '--save',
    '',
    ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ]);
}

const run = promisify(execFile);

/** What `redis-cli` prints for one command to the server on `port`. */
async function cli(port: number, ...command: string[]): Promise<string> {
  return (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command], { timeout: 30_000 }))
    .stdout;
}

/** Polls `condition` every 100 ms for up to 20 s. */
async function until(condition: () => Promise<boolean>, failure: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${failure} after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops every server, even when some fail to. */
async function stopAll(servers: ReadonlyArray<TestRedis | undefined>): Promise<void> {
  await Promise.allSettled(servers.map(async (server) => server?.stop()));
}

/** A master, a replica and a Sentinel watching them, each on its own free loopback port. */
export interface TestSentinel {
  /** The name the Sentinel knows the master by (ioredis' `name`). */
  readonly name: string;
  /** Where ioredis asks for the master (ioredis' `sentinels`). */
  readonly sentinels: ReadonlyArray<{ host: string; port: number }>;
  readonly master: TestRedis;
  readonly replica: TestRedis;
  readonly sentinel: TestRedis;
  /** Stops the three servers and removes their files. */
  stop(): Promise<void>;
}

/**
 * Starts a master, a replica of it, and one Sentinel (quorum 1) that takes the master for down
 * after `downAfterMs` without an answer and then promotes the replica.
 */
export async function startSentinel(options: { downAfterMs?: number } = {}): Promise<TestSentinel> {
  const name = 'sessions-master';
  const started: TestRedis[] = [];
  try {
    // Diskless replication without its default 5 s delay, so the replica syncs at once.
    const master = await launchServer([
      '--save',
      '',
      '--appendonly',
      'no',
      '--repl-diskless-sync-delay',
      '0',
    ]);
    started.push(master);
    const replica = await launchServer([
      '--save',
      '',
      '--appendonly',
      'no',
      '--replicaof',
      '127.0.0.1',
      String(master.port),
    ]);
    started.push(replica);
    await until(
      async () => (await cli(replica.port, 'info', 'replication')).includes('master_link_status:up'),
      'the replica is not in sync',
    );
    // A Sentinel rewrites its configuration file, so it needs one of its own.
    const sentinel = await launchServer(['--sentinel'], {
      readyLine: `+monitor master ${name}`,
      configFile: 'sentinel.conf',
      files: {
        'sentinel.conf': [
          `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
          `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1000}`,
          `sentinel failover-timeout ${name} 5000`,
          '',
        ].join('\n'),
      },
    });
    started.push(sentinel);
    return {
      name,
      sentinels: [{ host: '127.0.0.1', port: sentinel.port }],
      master,
      replica,
      sentinel,
      stop: () => stopAll([sentinel, replica, master]),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** A Redis Cluster of masters only, each node on its own free loopback ports. */
export interface TestCluster {
  /** Where ioredis starts (`new Cluster(nodes)`). */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  readonly servers: readonly TestRedis[];
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

/**
 * Starts `size` (at least 3) cluster-enabled nodes, joins them with `redis-cli --cluster create`
 * (no replicas), and waits until every node reports the cluster ok. With `partial`, the nodes left
 * keep serving their slots when one dies (`cluster-require-full-coverage no`).
 */
export async function startCluster(options: { size?: number; partial?: boolean } = {}): Promise<TestCluster> {
  const size = options.size ?? 3;
  const servers: TestRedis[] = [];
  try {
    for (let i = 0; i < size; i++) {
      // The bus port too is asked of the OS: the default (port + 10000) may be taken.
      const busPort = await freePort();
      servers.push(
        await launchServer([
          '--save',
          '',
          '--appendonly',
          'no',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-port',
          String(busPort),
          '--cluster-node-timeout',
          '2000',
          '--cluster-require-full-coverage',
          options.partial ? 'no' : 'yes',
        ]),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      {
        timeout: 30_000,
      },
    );
    for (const server of servers) {
      await until(
        async () => (await cli(server.port, 'cluster', 'info')).includes('cluster_state:ok'),
        'the cluster is not ok',
      );
    }
    return {
      nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })),
      servers,
      stop: () => stopAll(servers),
    };
  } catch (error) {
    await stopAll(servers);
    throw error;
  }
}
