import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { load } from './http.bench';
import { fixed, median, settings, table } from './measure';
import { PLATFORMS, type PlatformMessage, type PlatformName } from './platform';

/** One stack's medians. */
export interface PlatformResult {
  readonly platform: PlatformName;
  readonly requestsPerSecond: number;
  /** Server CPU µs per request. */
  readonly cpuPerRequest: number;
}

/** A platform server process (platform-server.ts), listening. */
interface PlatformServer {
  readonly platform: PlatformName;
  readonly child: ChildProcess;
  readonly url: string;
}

async function start(platform: PlatformName): Promise<PlatformServer> {
  const child = fork(join(__dirname, 'platform-server.js'), [platform], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${platform} server exited with code ${code}`)));
    child.once('message', (message: PlatformMessage) =>
      message.type === 'ready' ? resolve(message.port) : reject(new Error(message.type)),
    );
  });
  child.removeAllListeners('exit');
  return { platform, child, url: `http://127.0.0.1:${port}/public` };
}

function cpuMicroseconds(server: PlatformServer): Promise<number> {
  return new Promise((resolve) => {
    server.child.once('message', (message: PlatformMessage) =>
      resolve(message.type === 'cpu' ? message.microseconds : Number.NaN),
    );
    server.child.send({ type: 'cpu' });
  });
}

/**
 * The platform section: what each HTTP stack costs alone, the same route and body with no Nest and
 * no guard. Every ratio of the HTTP section is taken over this cost plus Nest's, so it bounds them:
 * on Express, the stack's own cost leaves less room over passport-jwt than the targets assume.
 */
export async function platformBench(): Promise<PlatformResult[]> {
  console.log(
    `\n## Platform: the HTTP stack alone, no Nest and no guard (autocannon, ${settings.connections} connections, ` +
      `median of ${settings.rounds} runs of ${settings.duration} s, stacks in turn)\n`,
  );
  const servers: PlatformServer[] = [];
  try {
    for (const platform of PLATFORMS) servers.push(await start(platform));
    for (const server of servers) await load(server.url, [], 3);
    const samples = servers.map(() => ({ requestsPerSecond: [] as number[], cpuPerRequest: [] as number[] }));
    for (let round = 0; round < settings.rounds; round++) {
      for (const [index, server] of servers.entries()) {
        const before = await cpuMicroseconds(server);
        const sample = await load(server.url, [], settings.duration);
        const after = await cpuMicroseconds(server);
        samples[index].requestsPerSecond.push(sample.requestsPerSecond);
        samples[index].cpuPerRequest.push((after - before) / sample.requests);
      }
    }
    const results = servers.map((server, index) => ({
      platform: server.platform,
      requestsPerSecond: median(samples[index].requestsPerSecond),
      cpuPerRequest: median(samples[index].cpuPerRequest),
    }));
    console.log(
      table(
        ['stack', 'req/s', 'server CPU µs/req'],
        results.map((r) => [r.platform, fixed(r.requestsPerSecond, 0), fixed(r.cpuPerRequest, 1)]),
      ),
    );
    return results;
  } finally {
    for (const server of servers) server.child.kill();
  }
}
