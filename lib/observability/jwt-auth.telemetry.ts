import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { loadOptionalPackageIfInstalled } from '../refusal/optional-package.util';
import type { CallRefusalCode } from '../refusal/refusal-code.interface';
import type { CallTransport } from './jwt-auth.events';

type OpenTelemetryApi = typeof import('@opentelemetry/api');

/** The name the library's meter and attributes go under. */
const INSTRUMENTATION_SCOPE = 'nestjs-jwt-permissions';

/**
 * Metrics and span attributes through `@opentelemetry/api`, an optional peer: counters
 * `jwt_auth.decisions` and `jwt_auth.jwks.fetches`, the histogram `jwt_auth.verification.duration`,
 * and the decision on the active span. Whether there is anything to record is decided once, at
 * start-up: without the package, or with no SDK registered by then, every method returns at once.
 * Internal: the guard, the JWKS clients and the decision observer call it.
 */
@Injectable()
export class JwtAuthTelemetry implements OnModuleInit {
  /** Whether a meter provider is registered: the instruments record. */
  metrics = false;
  /** Whether a tracer provider is registered: the active span may be recording. */
  tracing = false;
  private api: OpenTelemetryApi | undefined;
  private decisions: Counter | undefined;
  private verifications: Histogram | undefined;
  private fetches: Counter | undefined;
  private readonly enduserId: boolean;

  constructor(@Inject(JWT_AUTH_RESOLVED_OPTIONS) options: Pick<ResolvedJwtAuthOptions, 'telemetry'>) {
    this.enduserId = options.telemetry.enduserId;
  }

  /** Whether anything is recorded at all: the one flag the request path reads. */
  get enabled(): boolean {
    return this.metrics || this.tracing;
  }

  /**
   * Looks for `@opentelemetry/api` and a registered SDK. A meter taken from the API before an SDK
   * registers stays a no-op for ever, so the SDK must be started before the application is created
   * (as OpenTelemetry's instrumentation needs anyway).
   */
  onModuleInit(): void {
    this.attach(loadOptionalPackageIfInstalled<OpenTelemetryApi>('@opentelemetry/api'));
  }

  /** Counts a decision of the guard and puts it on the active span. */
  decision(
    outcome: 'allowed' | 'refused',
    code: CallRefusalCode | undefined,
    transport: CallTransport,
    userId: string | null,
  ): void {
    if (this.decisions !== undefined) {
      this.decisions.add(1, code === undefined ? { outcome, transport } : { outcome, code, transport });
    }
    if (!this.tracing) return;
    const span = this.api!.trace.getActiveSpan();
    if (span === undefined || !span.isRecording()) return;
    const attributes: Attributes = { 'jwt_auth.outcome': outcome };
    if (code !== undefined) attributes['jwt_auth.code'] = code;
    if (this.enduserId && userId !== null) attributes['enduser.id'] = userId;
    span.setAttributes(attributes);
  }

  /** Records how long a token's verification took, in milliseconds, and whether it passed. */
  verification(milliseconds: number, outcome: 'valid' | 'refused'): void {
    this.verifications?.record(milliseconds, { outcome });
  }

  /** Counts a fetch of a JWK Set. */
  jwksFetch(outcome: 'success' | 'failure'): void {
    this.fetches?.add(1, { outcome });
  }

  /** Starts recording through `api` when an SDK is registered there. */
  private attach(api: OpenTelemetryApi | undefined): void {
    this.api = api;
    if (api === undefined) return;
    const meter = api.metrics.getMeter(INSTRUMENTATION_SCOPE);
    // The API hands out a no-op meter while no SDK is registered: recording into it is waste.
    this.metrics = meter.constructor !== api.createNoopMeter().constructor;
    // Likewise the global tracer provider is a proxy whose delegate is a no-op until one registers.
    const provider = api.trace.getTracerProvider();
    const tracer = provider instanceof api.ProxyTracerProvider ? provider.getDelegate() : provider;
    this.tracing = tracer.constructor !== new api.ProxyTracerProvider().getDelegate().constructor;
    if (!this.metrics) return;
    this.decisions = meter.createCounter('jwt_auth.decisions', {
      description: 'Decisions of the guard, by outcome, refusal code and transport.',
    });
    this.verifications = meter.createHistogram('jwt_auth.verification.duration', {
      description: 'Time to verify an access token, cache hits included.',
      unit: 'ms',
    });
    this.fetches = meter.createCounter('jwt_auth.jwks.fetches', {
      description: 'Fetches of JWK Sets, by outcome.',
    });
  }
}
