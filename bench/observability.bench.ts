import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { JwtAuthEvents, JwtAuthGuard, JwtTokenService } from 'nestjs-jwt-permissions';
import { BenchController } from './app/bench.controller';
import { BENCH_USER } from './app/bench-secret';
import { guardAppContext, HttpExecutionContext } from './guard.bench';
import { fixed, median, microRounds, microsecondsPerOp, table } from './measure';

/**
 * The observability section: what events and OpenTelemetry add to canActivate() on the protected
 * route (a token cache hit, allowed). Three applications measured in interleaved batches: nobody
 * listening and no OpenTelemetry SDK (what every application pays: @opentelemetry/api is installed
 * here, so this is the "present, no SDK" case; without the package the same flags are false); a
 * listener on `authenticated`; an SDK meter provider registered before start-up.
 */
export async function observabilityBench(): Promise<{ quietOverheadUs: number }> {
  console.log(
    `\n## Observability: µs per canActivate() on a fresh request, median of ${microRounds()} interleaved batches\n`,
  );
  const quiet = await guardAppContext();
  const listened = await guardAppContext();
  let heard = 0;
  listened.get(JwtAuthEvents).on('authenticated', () => heard++);
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const measured = await guardAppContext();
  metrics.disable();
  try {
    const token = await quiet.get(JwtTokenService).createToken(BENCH_USER);
    const authorization = Buffer.from(`Bearer ${token}`, 'latin1');
    const response = {};
    const handler = BenchController.prototype.protectedRoute;
    const newContext = () =>
      new HttpExecutionContext(
        [{ headers: { authorization: authorization.toString('latin1') }, rawHeaders: [] }, response],
        BenchController,
        handler,
      ) as unknown as ExecutionContext;
    const [quietGuard, listenedGuard, measuredGuard] = [quiet, listened, measured].map((app) =>
      app.get(JwtAuthGuard),
    );
    const [baselines, quiets, listeneds, measureds] = await microsecondsPerOp([
      () => newContext(),
      () => quietGuard.canActivate(newContext()),
      () => listenedGuard.canActivate(newContext()),
      () => measuredGuard.canActivate(newContext()),
    ]);
    if (heard === 0) throw new Error('the listener heard nothing');
    const own = (values: number[]) => median(values.map((value, round) => value - baselines[round]));
    const quietUs = own(quiets);
    console.log(
      table(
        ['canActivate(), full guard, token cache hit', 'µs'],
        [
          ['nobody listening, no OpenTelemetry SDK', fixed(quietUs)],
          ['a listener on authenticated (one event per request)', fixed(own(listeneds))],
          ['an OpenTelemetry meter provider (counter + histogram per request)', fixed(own(measureds))],
        ],
      ),
    );
    return { quietOverheadUs: quietUs };
  } finally {
    await Promise.all([quiet.close(), listened.close(), measured.close()]);
  }
}
