import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { JwtAuthTelemetry } from './jwt-auth.telemetry';

const options = resolveJwtAuthOptions({ secret: 'telemetry-spec-secret-'.padEnd(64, 'x') });

function started(): JwtAuthTelemetry {
  const telemetry = new JwtAuthTelemetry(options);
  telemetry.onModuleInit();
  return telemetry;
}

describe('JwtAuthTelemetry', () => {
  afterEach(() => {
    metrics.disable();
    trace.disable();
  });

  it('records nothing when @opentelemetry/api is installed but no SDK is registered', () => {
    const telemetry = started();
    expect([telemetry.enabled, telemetry.metrics, telemetry.tracing]).toEqual([false, false, false]);
  });

  it('records metrics once a meter provider is registered', () => {
    metrics.setGlobalMeterProvider(new MeterProvider());
    const telemetry = started();
    expect([telemetry.enabled, telemetry.metrics, telemetry.tracing]).toEqual([true, true, false]);
  });

  it('sets span attributes once a tracer provider is registered', () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    const telemetry = started();
    expect([telemetry.enabled, telemetry.metrics, telemetry.tracing]).toEqual([true, false, true]);
  });
});

describe('the telemetry option', () => {
  it('defaults enduserId to false', () => {
    expect(options.telemetry).toEqual({ enduserId: false });
  });

  it.each([
    [{ enduserId: 'yes' }, '"telemetry.enduserId" must be true or false'],
    [{ userId: true }, 'unknown "telemetry" option "userId"; the options are enduserId'],
    [true, '"telemetry" must be an object such as { enduserId: true }'],
  ])('refuses %p at start-up', (telemetry, message) => {
    expect(() => resolveJwtAuthOptions({ secret: 'x'.repeat(64), telemetry: telemetry as never })).toThrow(
      message,
    );
  });
});
