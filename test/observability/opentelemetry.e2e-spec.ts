import {
  Injectable,
  Module,
  type DynamicModule,
  type INestApplication,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import { context, metrics, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { JwtTokenService, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import { eventually } from '../keys/jwks-provider';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { ObservabilityAppModule } from './app.module';

const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});
const spans = new InMemorySpanExporter();

/** Each request in a span of its own, as HTTP instrumentation would make it. */
@Injectable()
class RequestSpanMiddleware implements NestMiddleware {
  use(_request: unknown, response: { on(event: 'finish', listener: () => void): void }, next: () => void) {
    trace.getTracer('test').startActiveSpan('request', (span) => {
      response.on('finish', () => span.end());
      next();
    });
  }
}

@Module({})
class TracedAppModule implements NestModule {
  static register(options: JwtAuthOptions): DynamicModule {
    return { module: TracedAppModule, imports: [ObservabilityAppModule.register(options)] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestSpanMiddleware).forRoutes('*path');
  }
}

/** The data points of the metric `name` recorded so far. */
async function pointsOf<T>(name: string): Promise<DataPoint<T>[]> {
  const { resourceMetrics } = await reader.collect();
  const found = resourceMetrics.scopeMetrics
    .filter((scope) => scope.scope.name === 'nestjs-jwt-permissions')
    .flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === name);
  return (found?.dataPoints ?? []) as DataPoint<T>[];
}

/** The value of the counter `name` for exactly `attributes`. */
async function count(name: string, attributes: Attributes): Promise<number> {
  const point = (await pointsOf<number>(name)).find(
    (candidate) => JSON.stringify(candidate.attributes) === JSON.stringify(attributes),
  );
  return point?.value ?? 0;
}

beforeAll(() => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  metrics.disable();
  trace.disable();
  context.disable();
});

describe.each(TITLED_PLATFORMS)('OpenTelemetry on %s', (_, platform) => {
  describe('by default', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp(TracedAppModule.register({}), platform);
    });
    afterAll(() => app.close());
    beforeEach(() => spans.reset());

    it('counts a refusal in jwt_auth.decisions by outcome, code and transport', async () => {
      const attributes = { outcome: 'refused', code: 'token_missing', transport: 'http' };
      const before = await count('jwt_auth.decisions', attributes);
      await request(app.getHttpServer()).get('/me').expect(401);
      expect(await count('jwt_auth.decisions', attributes)).toBe(before + 1);
    });

    it('counts an allowed call without a code', async () => {
      const attributes = { outcome: 'allowed', transport: 'http' };
      const before = await count('jwt_auth.decisions', attributes);
      const token = await app.get(JwtTokenService).createToken('alice');
      await request(app.getHttpServer()).get('/me').auth(token, { type: 'bearer' }).expect(200);
      await request(app.getHttpServer()).get('/open').expect(200);
      expect(await count('jwt_auth.decisions', attributes)).toBe(before + 2);
    });

    it('records each verification in jwt_auth.verification.duration, in ms, by outcome', async () => {
      const token = await app.get(JwtTokenService).createToken('alice');
      const countOf = async (outcome: string) =>
        (await pointsOf<Histogram>('jwt_auth.verification.duration')).find(
          (point) => point.attributes.outcome === outcome,
        )?.value.count ?? 0;
      const [valid, refused] = [await countOf('valid'), await countOf('refused')];
      await request(app.getHttpServer()).get('/me').auth(token, { type: 'bearer' }).expect(200);
      await request(app.getHttpServer()).get('/me').auth('not.a.token', { type: 'bearer' }).expect(401);
      expect([await countOf('valid'), await countOf('refused')]).toEqual([valid + 1, refused + 1]);
      const { resourceMetrics } = await reader.collect();
      const descriptor = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((metric) => metric.descriptor.name === 'jwt_auth.verification.duration')?.descriptor;
      expect(descriptor?.unit).toBe('ms');
    });

    it('puts the decision on the active span, without the user id', async () => {
      const token = await app.get(JwtTokenService).createToken('bob');
      await request(app.getHttpServer()).put('/notes/1').auth(token, { type: 'bearer' }).expect(403);
      await eventually(() => spans.getFinishedSpans().length > 0);
      const [span] = spans.getFinishedSpans();
      expect(span.attributes).toEqual({
        'jwt_auth.outcome': 'refused',
        'jwt_auth.code': 'permission_denied',
      });
    });
  });

  describe('with telemetry.enduserId', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp(TracedAppModule.register({ telemetry: { enduserId: true } }), platform);
    });
    afterAll(() => app.close());
    beforeEach(() => spans.reset());

    it('also puts enduser.id on the active span', async () => {
      const token = await app.get(JwtTokenService).createToken('alice');
      await request(app.getHttpServer()).get('/me').auth(token, { type: 'bearer' }).expect(200);
      await eventually(() => spans.getFinishedSpans().length > 0);
      expect(spans.getFinishedSpans()[0].attributes).toEqual({
        'jwt_auth.outcome': 'allowed',
        'enduser.id': 'alice',
      });
    });
  });
});
