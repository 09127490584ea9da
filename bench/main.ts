// `npm run bench`: tokens, guard, observability, platform, HTTP, memory and sessions, then the targets of the performance issue.
// Settings (environment): BENCH_ONLY=tokens,guard,observability,platform,http,memory,sessions  BENCH_DURATION=1 (s per HTTP run)
// BENCH_ROUNDS=15  BENCH_SERVERS=3  BENCH_CONNECTIONS=10  BENCH_MEMORY_DURATION=20 (s)  BENCH_BATCH_MS=100
// BENCH_ADAPTERS=express,fastify  BENCH_SESSIONS=memory|redis (the HTTP servers hold 1100 revocations, in
// memory or with the Redis store).
import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { guardBench } from './guard.bench';
import { httpBench, type ScenarioId } from './http.bench';
import { fixed, settings, table } from './measure';
import { memoryBench } from './memory.bench';
import { observabilityBench } from './observability.bench';
import { platformBench } from './platform.bench';
import { startBenchRedis, type BenchRedis } from './redis';
import { sessionsBench } from './sessions.bench';
import { tokensBench } from './tokens.bench';

const SECTIONS = ['tokens', 'guard', 'observability', 'platform', 'http', 'memory', 'sessions'] as const;

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((name) => name.trim());
  const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY: unknown section ${unknown.join(', ')}; use ${SECTIONS.join(', ')}`);
  const started = Date.now();
  let sessionsRedis: BenchRedis | undefined;
  if (process.env.BENCH_SESSIONS === 'redis') {
    sessionsRedis = await startBenchRedis();
    if (!sessionsRedis) throw new Error('BENCH_SESSIONS=redis needs redis-server on PATH');
    process.env.BENCH_REDIS_URL = sessionsRedis.url; // the forked HTTP servers inherit it
  }
  console.log(
    `# nestjs-jwt-permissions benchmarks\n\nNode ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
      `${fixed(totalmem() / 2 ** 30, 0)} GB, load average ${loadavg()
        .map((load) => fixed(load, 1))
        .join(' ')}; ` +
      JSON.stringify(settings),
  );
  const targets: string[][] = [];
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

  if (only.includes('tokens')) {
    const rows = await tokensBench();
    for (const algorithm of ['HS256', 'RS256', 'ES256', 'EdDSA']) {
      const uncached = rows.find((r) => r.algorithm === algorithm && r.setup.includes('tokenCache: false'));
      const fastJwt = rows.find((r) => r.algorithm === algorithm && r.setup.startsWith('fast-jwt'));
      if (uncached === undefined) continue;
      const ratio = uncached.verifyOverFloor;
      const beside = fastJwt ? ` (fast-jwt ${fixed(fastJwt.verifyOverFloor)}x)` : '';
      targets.push([
        `uncached ${algorithm} verifyToken ≤ 1.1x the floor`,
        `${fixed(ratio)}x${beside}`,
        verdict(ratio <= 1.1),
      ]);
    }
  }
  if (only.includes('guard')) {
    const { guardOwnUs } = await guardBench();
    targets.push([
      "guard's own cost ≤ 3 µs per request (in a loop)",
      `${fixed(guardOwnUs)} µs`,
      verdict(guardOwnUs <= 3),
    ]);
  }
  if (only.includes('observability')) await observabilityBench();
  if (only.includes('platform')) await platformBench();
  if (only.includes('http')) {
    const { scenarios: results, guardInServer } = await httpBench();
    for (const { adapter, own, headerOnly } of guardInServer) {
      targets.push([
        `${adapter}: guard's own cost ≤ 3 µs per request (inside the server)`,
        `${fixed(own)} µs (header-only guard ${fixed(headerOnly)} µs)`,
        verdict(own <= 3),
      ]);
    }
    for (const [adapter, minimum] of [
      ['express', 0.9],
      ['fastify', 0.8],
    ] as const) {
      if (!settings.adapters.includes(adapter)) continue;
      const result = (id: ScenarioId) => results.find((r) => r.adapter === adapter && r.scenario.id === id)!;
      const [ours, passport, allowAll, headerOnly] = [
        result('protected'),
        result('passport'),
        result('allowAll'),
        result('headerOnly'),
      ];
      // Both are ratios to the same baseline runs, so their quotient is the throughput ratio.
      const overPassport = ours.ratio / passport.ratio;
      const overPassportByCpu = ours.cpuRatio / passport.cpuRatio;
      // Not targets: how much of the drop is Nest's own cost of any guard, and how much is ours;
      // and the most any guard could reach over passport-jwt, one that costs nothing at all.
      targets.push([
        `${adapter}: (info) full guard / a guard that does nothing`,
        `${fixed(ours.ratio / allowAll.ratio)} req/s, ${fixed(ours.cpuRatio / allowAll.cpuRatio)} CPU`,
        '',
      ]);
      targets.push([
        `${adapter}: (info) full guard / a guard that only reads the token header`,
        `${fixed(ours.ratio / headerOnly.ratio)} req/s, ${fixed(ours.cpuRatio / headerOnly.cpuRatio)} CPU`,
        '',
      ]);
      targets.push([
        `${adapter}: (info) the most any JWT guard keeps: header-only guard / public`,
        `${fixed(headerOnly.ratio)} req/s, ${fixed(headerOnly.cpuRatio)} CPU`,
        '',
      ]);
      targets.push([
        `${adapter}: (info) ceiling over passport-jwt: public / passport-jwt`,
        `${fixed(1 / passport.ratio, 1)}x req/s, ${fixed(1 / passport.cpuRatio, 1)}x CPU`,
        '',
      ]);
      targets.push([
        `${adapter}: (info) full guard / public, each server process`,
        ours.ratioByServer.map((ratio) => fixed(ratio)).join(', '),
        '',
      ]);
      targets.push([
        `${adapter}: full guard / public ≥ ${minimum} (req/s)`,
        fixed(ours.ratio),
        verdict(ours.ratio >= minimum),
      ]);
      targets.push([
        `${adapter}: full guard / public ≥ ${minimum} (server CPU)`,
        fixed(ours.cpuRatio),
        verdict(ours.cpuRatio >= minimum),
      ]);
      if (process.env.BENCH_SESSIONS) {
        // The sessions issue asks as much of both adapters once sessions are on.
        targets.push([
          `${adapter}: with sessions on, full guard / public ≥ 0.9 (req/s, server CPU)`,
          `${fixed(ours.ratio)}, ${fixed(ours.cpuRatio)}`,
          verdict(ours.ratio >= 0.9 && ours.cpuRatio >= 0.9),
        ]);
      }
      targets.push([
        `${adapter}: full guard ≥ 4x passport-jwt (req/s)`,
        `${fixed(overPassport, 1)}x`,
        verdict(overPassport >= 4),
      ]);
      targets.push([
        `${adapter}: full guard ≥ 4x passport-jwt (server CPU)`,
        `${fixed(overPassportByCpu, 1)}x`,
        verdict(overPassportByCpu >= 4),
      ]);
    }
  }
  if (only.includes('memory')) {
    const { firstMb, middleMb, lastMb } = await memoryBench();
    const growth = lastMb - middleMb;
    targets.push([
      'heap flat: growth over the second half of the memory run < 1 MB',
      `${fixed(growth, 1)} MB (${fixed(firstMb, 1)} → ${fixed(middleMb, 1)} → ${fixed(lastMb, 1)})`,
      verdict(growth < 1),
    ]);
  }

  if (only.includes('sessions')) {
    const { checkUs, propagation } = await sessionsBench();
    for (const [store, us] of Object.entries(checkUs)) {
      targets.push([
        `revocation check ≤ 0.3 µs per request (${store} store)`,
        `${fixed(us, 3)} µs`,
        verdict(us <= 0.3),
      ]);
    }
    if (propagation) {
      targets.push([
        'a revocation reaches another instance within 1 s (aim: p99 ≤ 100 ms)',
        `p50 ${fixed(propagation.p50)} ms, p99 ${fixed(propagation.p99)} ms`,
        verdict(propagation.p99 <= 1000),
      ]);
    }
  }

  await sessionsRedis?.stop();

  if (targets.length > 0) {
    console.log('\n## Targets\n');
    console.log(table(['target', 'measured', ''], targets));
  }
  console.log(
    `\nTotal ${fixed((Date.now() - started) / 1000, 0)} s; load average at the end ${loadavg()
      .map((load) => fixed(load, 1))
      .join(' ')}. ` +
      `With a load average above ${cpus().length}, other processes share the cores: trust ratios and CPU times over req/s.`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
