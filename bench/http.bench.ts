import autocannon from 'autocannon';
import { fixed, median, settings, table, type AdapterName } from './measure';
import { ServerProcess, type BenchTokens, type GuardTimes } from './server-process';

/** One setup measured over HTTP: a route, and the tokens its requests carry. */
interface Scenario {
  readonly id: ScenarioId;
  readonly name: string;
  readonly path: string;
  /** The tokens sent, in turn; none for an open route. */
  readonly tokens: (tokens: BenchTokens) => readonly string[];
  /** Whether the route answers the token's user (else `null`): false for a guard that only reads the header. */
  readonly identifies?: false;
}

/** The setups measured; `public` is the baseline every ratio is taken to. */
export type ScenarioId =
  | 'public'
  | 'allowAll'
  | 'headerOnly'
  | 'publicGuarded'
  | 'protected'
  | 'protectedUncached'
  | 'passport'
  | 'docsGuard';

const SCENARIOS: readonly Scenario[] = [
  { id: 'public', name: 'public route, no guard (baseline)', path: '/public', tokens: () => [] },
  {
    id: 'allowAll',
    name: "a guard that does nothing, same request data (Nest's share)",
    path: '/allow-all',
    tokens: () => [],
  },
  {
    id: 'headerOnly',
    name: 'a guard that only reads the token header, same request data',
    path: '/header-only',
    tokens: (t) => [t.jwtAuth],
    identifies: false,
  },
  {
    id: 'publicGuarded',
    name: 'public route through JwtAuthGuard, no token',
    path: '/public-guarded',
    tokens: () => [],
  },
  {
    id: 'protected',
    name: 'nestjs-jwt-permissions, full guard',
    path: '/protected',
    tokens: (t) => [t.jwtAuth],
  },
  {
    id: 'protectedUncached',
    name: 'nestjs-jwt-permissions, full guard, a new token each request',
    path: '/protected',
    tokens: (t) => t.distinct,
  },
  {
    id: 'passport',
    name: '@nestjs/passport + passport-jwt',
    path: '/passport',
    tokens: (t) => [t.nestjsJwt],
  },
  {
    id: 'docsGuard',
    name: 'NestJS docs guard (JwtService.verifyAsync)',
    path: '/docs-guard',
    tokens: (t) => [t.nestjsJwt],
  },
];

/** Distinct tokens for the uncached scenario: more than the cache holds, sent round-robin. */
export const DISTINCT_TOKENS = 5000;

/** One load run's figures. */
interface Sample {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Requests answered with a 2xx. */
  readonly requests: number;
}

/**
 * Runs autocannon against `url` for `seconds`, each request with the next of `tokens` (from
 * `cursor.next` on, round-robin), and fails on any non-2xx answer.
 */
export async function load(
  url: string,
  tokens: readonly string[],
  seconds: number,
  cursor = { next: 0 },
): Promise<Sample> {
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: seconds,
    requests:
      tokens.length > 1
        ? [
            {
              setupRequest: (request) => ({
                ...request,
                headers: {
                  ...request.headers,
                  authorization: `Bearer ${tokens[cursor.next++ % tokens.length]}`,
                },
              }),
            },
          ]
        : undefined,
    headers: tokens.length === 1 ? { authorization: `Bearer ${tokens[0]}` } : undefined,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors out of ${result.requests.total}`,
    );
  }
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result['2xx'],
  };
}

/** Requests enough for V8 to optimise a route's code: a count, since a busy machine answers fewer per second. */
const WARM_UP_REQUESTS = 3000;
const WARM_UP_MAX_SECONDS = 6;

async function warmUp(url: string, tokens: readonly string[]): Promise<void> {
  const cursor = { next: 0 };
  let requests = 0;
  for (let seconds = 0; requests < WARM_UP_REQUESTS && seconds < WARM_UP_MAX_SECONDS; seconds++) {
    requests += (await load(url, tokens, 1, cursor)).requests;
  }
}

/** Checks once that a scenario answers 200 with the benchmark user before measuring it. */
async function checkAnswers(server: ServerProcess, scenario: Scenario): Promise<void> {
  const [token] = scenario.tokens(server.tokens);
  const response = await fetch(server.url + scenario.path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = (await response.json()) as { userId: unknown };
  const expected = token && scenario.identifies !== false ? /^user-\d+$/ : /^null$/;
  if (response.status !== 200 || !expected.test(String(body.userId))) {
    throw new Error(`${scenario.path} answered ${response.status} ${JSON.stringify(body)}`);
  }
}

/** A load run's figures, with the server's CPU time per answered request. */
interface MeasuredSample extends Sample {
  readonly cpuPerRequest: number;
}

/** Per adapter and scenario, the medians over rounds, and the median of each round's ratio to the baseline. */
export interface ScenarioResult {
  readonly adapter: AdapterName;
  readonly scenario: Scenario;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Throughput / the baseline's. */
  readonly ratio: number;
  /** The same, the median of each server process's rounds: how far apart the processes measured. */
  readonly ratioByServer: readonly number[];
  /** Server CPU µs per request. */
  readonly cpuPerRequest: number;
  /** The baseline's server CPU per request / this one's: the throughput ratio a server with a core of its own would see. */
  readonly cpuRatio: number;
}

async function measure(server: ServerProcess, scenario: Scenario): Promise<MeasuredSample> {
  const cpuBefore = await server.cpuMicroseconds();
  const sample = await load(server.url + scenario.path, scenario.tokens(server.tokens), settings.duration);
  const cpuAfter = await server.cpuMicroseconds();
  return { ...sample, cpuPerRequest: (cpuAfter - cpuBefore) / sample.requests };
}

/** Round indexes `[from, to)` of the `server`-th of `settings.servers` server processes. */
function roundsOfServer(server: number): [number, number] {
  const share = (index: number) => Math.floor((index * settings.rounds) / settings.servers);
  return [share(server), share(server + 1)];
}

/** The routes of the timed guards (see app/timed.guards.ts). */
const TIMED_ROUTES = { jwtAuth: '/protected-timed', headerOnly: '/header-timed' } as const;

/** Per adapter, medians of µs per canActivate(), measured inside a server under load. */
export interface GuardInServerResult {
  readonly adapter: AdapterName;
  /** The full guard, a token cache hit. */
  readonly full: number;
  /** The full guard less its verification step: the guard's own cost. */
  readonly own: number;
  /** A guard that only reads the Authorization header. */
  readonly headerOnly: number;
  /** Runs of each timed route the medians are taken over. */
  readonly runs: number;
}

/**
 * The guard timed inside a server answering a load of requests that all carry the benchmark
 * token: `settings.rounds` runs of each timed route, its timers read after each. A server process
 * of its own, serving nothing else, as an application's server would, and so that the other
 * scenarios' server processes never run the timed subclass (which would make the guard's code
 * polymorphic there).
 */
async function timeGuardInServer(adapter: AdapterName): Promise<GuardInServerResult> {
  const server = await ServerProcess.start(adapter, 0);
  const runs: GuardTimes[] = [];
  try {
    const tokens = [server.tokens.jwtAuth];
    for (const path of Object.values(TIMED_ROUTES)) {
      const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${tokens[0]}` } });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      await warmUp(server.url + path, tokens);
    }
    await server.guardTimes(); // forget the warm-up
    for (let round = 0; round < settings.rounds; round++) {
      await load(server.url + TIMED_ROUTES.jwtAuth, tokens, settings.duration);
      const { full, verification } = await server.guardTimes();
      await load(server.url + TIMED_ROUTES.headerOnly, tokens, settings.duration);
      runs.push({ full, verification, headerOnly: (await server.guardTimes()).headerOnly });
    }
  } finally {
    await server.stop();
  }
  process.stderr.write(`  ${adapter}: the guard timed inside the server\n`);
  return {
    adapter,
    full: median(runs.map((run) => run.full)),
    own: median(runs.map((run) => run.full - run.verification)),
    headerOnly: median(runs.map((run) => run.headerOnly)),
    runs: runs.length,
  };
}

async function measureAdapter(adapter: AdapterName): Promise<ScenarioResult[]> {
  const [baseline, ...others] = SCENARIOS;
  const samples = SCENARIOS.map(() => [] as MeasuredSample[]);
  // Per scenario and round, its ratios to the baseline runs just before and just after it.
  const ratios = SCENARIOS.map(() => [] as number[]);
  const cpuRatios = SCENARIOS.map(() => [] as number[]);
  const ratiosByServer = SCENARIOS.map(() => [] as number[]);
  // The rounds are shared out between several server processes, each started and warmed up
  // afresh, so that no single process (and how V8 happened to optimise it) decides a result.
  for (let serverIndex = 0; serverIndex < settings.servers; serverIndex++) {
    const [firstRound, endRound] = roundsOfServer(serverIndex);
    if (firstRound === endRound) continue;
    const server = await ServerProcess.start(adapter, DISTINCT_TOKENS);
    try {
      for (const scenario of SCENARIOS) {
        await checkAnswers(server, scenario);
        await warmUp(server.url + scenario.path, scenario.tokens(server.tokens));
      }
      for (let round = firstRound; round < endRound; round++) {
        // The load other processes put on a shared machine drifts within seconds, so every scenario
        // is run between two baseline runs and compared with their mean: each ratio is taken over
        // three adjacent seconds. Each round starts one scenario further, so none always runs first.
        let before = await measure(server, baseline);
        samples[0].push(before);
        for (let step = 0; step < others.length; step++) {
          const index = 1 + ((round + step) % others.length);
          const sample = await measure(server, SCENARIOS[index]);
          const after = await measure(server, baseline);
          samples[index].push(sample);
          samples[0].push(after);
          ratios[index].push(
            (2 * sample.requestsPerSecond) / (before.requestsPerSecond + after.requestsPerSecond),
          );
          cpuRatios[index].push((before.cpuPerRequest + after.cpuPerRequest) / (2 * sample.cpuPerRequest));
          before = after;
        }
        process.stderr.write(
          `  ${adapter}: round ${round + 1}/${settings.rounds} done (server process ${serverIndex + 1}/${settings.servers})\n`,
        );
      }
    } finally {
      await server.stop();
    }
    for (let index = 1; index < SCENARIOS.length; index++) {
      ratiosByServer[index].push(median(ratios[index].slice(firstRound, endRound)));
    }
  }
  return SCENARIOS.map((scenario, index) => ({
    adapter,
    scenario,
    requestsPerSecond: median(samples[index].map((s) => s.requestsPerSecond)),
    p50: median(samples[index].map((s) => s.p50)),
    p99: median(samples[index].map((s) => s.p99)),
    ratio: index === 0 ? 1 : median(ratios[index]),
    ratioByServer: index === 0 ? [] : ratiosByServer[index],
    cpuPerRequest: median(samples[index].map((s) => s.cpuPerRequest)),
    cpuRatio: index === 0 ? 1 : median(cpuRatios[index]),
  }));
}

/** The HTTP section: every scenario on Express then Fastify; returns the results for the summary. */
export async function httpBench(): Promise<{
  scenarios: ScenarioResult[];
  guardInServer: GuardInServerResult[];
}> {
  console.log(
    `\n## HTTP on 127.0.0.1 (autocannon, ${settings.connections} connections, ${settings.duration} s per run, ` +
      `median of ${settings.rounds} rounds shared between ${settings.servers} server processes started in turn)\n`,
  );
  const results: ScenarioResult[] = [];
  const guardInServer: GuardInServerResult[] = [];
  for (const adapter of settings.adapters) {
    results.push(...(await measureAdapter(adapter)));
    guardInServer.push(await timeGuardInServer(adapter));
  }
  console.log(
    table(
      ['adapter', 'setup', 'req/s', 'p50 ms', 'p99 ms', 'req/s ratio', 'server CPU µs/req', 'CPU ratio'],
      results.map((r) => [
        r.adapter,
        r.scenario.name,
        fixed(r.requestsPerSecond, 0),
        fixed(r.p50, 0),
        fixed(r.p99, 0),
        fixed(r.ratio),
        fixed(r.cpuPerRequest, 1),
        fixed(r.cpuRatio),
      ]),
      2,
    ),
  );
  console.log(`\n${CPU_RATIO_NOTE}`);
  console.log(
    `\n### The guard inside the server: µs per canActivate() while it answers a load of requests, ` +
      `median of ${guardInServer[0]?.runs ?? 0} runs of ${settings.duration} s per route\n`,
  );
  console.log(
    table(
      [
        'adapter',
        'full guard, token cache hit',
        "less its verification step: the guard's own cost",
        'a guard that only reads the header',
      ],
      guardInServer.map((g) => [g.adapter, fixed(g.full), fixed(g.own), fixed(g.headerOnly)]),
    ),
  );
  console.log(`\n${IN_SERVER_NOTE}`);
  return { scenarios: results, guardInServer };
}

/** Why the guard costs more inside a server than in the guard section's loop. */
export const IN_SERVER_NOTE =
  'Timed with performance.now() in a subclass of the guard (canActivate() and, inside it, verifyToken()), on a ' +
  'route of its own, in a server process that serves only the timed routes (timers included, ~0.05 µs each). ' +
  "Between two requests the framework runs far more code than the guard, so the guard's code and data are no " +
  "longer in the CPU's caches as they are in a loop; the header-only guard shows what that costs any guard on " +
  'each adapter.';

/**
 * Throughput ratios are what the targets name, but they hold only when the server has a core to
 * itself: on a busy machine they mostly measure the neighbours. The server's CPU time per request
 * does not depend on them, so its ratio is printed beside.
 */
export const CPU_RATIO_NOTE =
  'Ratios are taken to the mean of the baseline runs just before and just after each run, then the median over rounds. ' +
  "req/s ratio: throughput / the baseline's. CPU ratio: the baseline's server CPU time per request / this one's, " +
  'which other load on the machine hardly skews.';
