// Small helpers shared by the benchmarks: settings from the environment, medians, timing loops
// and plain-text tables.

/** A positive number from the environment, or the default. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number; got ${raw}`);
  return value;
}

/** How long and how often to measure, from the environment. */
export const settings = {
  /** Seconds of load per route and round: short, so that a round's routes share the machine's state. */
  duration: envNumber('BENCH_DURATION', 1),
  /** Rounds of every measurement; the medians are reported. */
  rounds: Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 15))),
  /** Server processes per adapter that the HTTP rounds are shared between. */
  servers: Math.max(1, Math.round(envNumber('BENCH_SERVERS', 3))),
  /** Concurrent connections of the load generator. */
  connections: Math.round(envNumber('BENCH_CONNECTIONS', 10)),
  /** Seconds of the memory run. */
  memoryDuration: envNumber('BENCH_MEMORY_DURATION', 20),
  /** Milliseconds each micro-benchmark batch lasts; `BENCH_ROUNDS` batches are taken, at least 7. */
  batchMs: envNumber('BENCH_BATCH_MS', 100),
  /** The HTTP adapters of the HTTP section. */
  adapters: envAdapters('BENCH_ADAPTERS'),
};

/** The HTTP adapters the benchmarks serve the application on. */
export type AdapterName = 'express' | 'fastify';

/** A comma-separated list of adapters from the environment; both by default. */
function envAdapters(name: string): AdapterName[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return ['express', 'fastify'];
  const adapters = raw.split(',').map((adapter) => adapter.trim());
  const unknown = adapters.filter((adapter) => adapter !== 'express' && adapter !== 'fastify');
  if (unknown.length > 0)
    throw new Error(`${name}: unknown adapter ${unknown.join(', ')}; use express, fastify`);
  return adapters as AdapterName[];
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

type Operation = () => unknown;

/** CPU time this process has used, in µs: unlike wall time, it does not count while other processes run. */
export function cpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function timeBatch(operation: Operation, count: number): Promise<number> {
  const start = cpuMicroseconds();
  for (let i = 0; i < count; i++) {
    const result = operation();
    if (result instanceof Promise) await result;
  }
  return cpuMicroseconds() - start;
}

/** How many calls of `operation` take about `settings.batchMs` of CPU; runs it a while first, so V8 optimises it. */
async function calibrate(operation: Operation): Promise<number> {
  let count = 16;
  let elapsed = await timeBatch(operation, count);
  while (elapsed < settings.batchMs * 250) {
    count *= 2;
    elapsed = await timeBatch(operation, count);
  }
  return Math.max(1, Math.round((count * settings.batchMs * 1000) / elapsed));
}

/** Batches per micro-benchmark: `BENCH_ROUNDS`, at least 7. */
export const microRounds = (): number => Math.max(7, settings.rounds);

/**
 * CPU microseconds per call of each operation (awaited when it returns a promise), the median of
 * several batches of about `settings.batchMs` of CPU time. CPU time rather than wall time, because
 * the machine may be shared: another process taking the core does not count. The operations take turns, one batch each per
 * round, so that a machine busy with other work weighs on all of them alike; the ratio of two of
 * them is best taken per round ({@link medianRatio}).
 */
export async function microsecondsPerOp(operations: readonly Operation[]): Promise<number[][]> {
  const counts: number[] = [];
  for (const operation of operations) counts.push(await calibrate(operation));
  const perRound = operations.map(() => [] as number[]);
  for (let round = 0; round < microRounds(); round++) {
    for (const [index, operation] of operations.entries()) {
      perRound[index].push((await timeBatch(operation, counts[index])) / counts[index]);
    }
  }
  return perRound;
}

/** The median of the per-round ratios `numerator[i] / denominator[i]`. */
export function medianRatio(numerator: readonly number[], denominator: readonly number[]): number {
  return median(numerator.map((value, index) => value / denominator[index]));
}

/** A Markdown table, padded for the terminal: the first `textColumns` left-aligned, the others right-aligned. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  textColumns = 1,
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    '| ' +
    widths
      .map((width, column) =>
        column < textColumns ? (row[column] ?? '').padEnd(width) : (row[column] ?? '').padStart(width),
      )
      .join(' | ') +
    ' |';
  const rule =
    '|' +
    widths
      .map((width, column) => (column < textColumns ? '-'.repeat(width + 2) : '-'.repeat(width + 1) + ':'))
      .join('|') +
    '|';
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals. */
export function fixed(value: number, digits = 2): string {
  return value.toFixed(digits);
}
