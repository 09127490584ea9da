import { Logger } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { KeyObject } from 'node:crypto';
import { eventually, JwksProvider } from '../../test/keys/jwks-provider';
import { forgeToken, signerFor } from '../../test/keys/jws-forge';
import { testKeyPair } from '../../test/support/test-keys';
import { resolveJwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenService } from '../token/jwt-token.service';
import { JwksFetchReporter } from './jwks-fetch.reporter';
import { JwtAuthEvents } from './jwt-auth-events.service';
import type { JwtAuthEventMap } from './jwt-auth.events';
import { JwtAuthTelemetry } from './jwt-auth.telemetry';

const ISSUER = 'https://id.example.com/';
const { privateKey, publicKey } = testKeyPair('rsa-2048-a');
const jwk = (key: KeyObject) => ({ ...(key.export({ format: 'jwk' }) as object), kid: 'a', alg: 'RS256' });

describe('JwksFetchReporter', () => {
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  let provider: JwksProvider;
  let service: JwtTokenService;
  let events: JwtAuthEvents;
  let now: number;
  let url: string;
  let warn: jest.SpyInstance;

  beforeAll(() => metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] })));
  afterAll(() => metrics.disable());

  beforeEach(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    provider = new JwksProvider();
    provider.serve(jwk(publicKey));
    url = await provider.start();
    now = 1_750_000_000_000;
    const options = resolveJwtAuthOptions({
      jwksUri: `${url}?tenant=a`,
      issuer: ISSUER,
      jwksOptions: { cacheMaxAge: 60_000, cooldown: 1_000 },
      clock: () => now,
    });
    const telemetry = new JwtAuthTelemetry(options);
    telemetry.onModuleInit();
    events = new JwtAuthEvents();
    service = new JwtTokenService(options, new JwksFetchReporter(events, telemetry));
  });

  afterEach(async () => {
    service.onModuleDestroy();
    warn.mockRestore();
    await provider.stop();
  });

  function token(): string {
    const seconds = Math.floor(now / 1000);
    return forgeToken(
      { alg: 'RS256', kid: 'a' },
      { sub: 'alice', iss: ISSUER, iat: seconds, exp: seconds + 3600 },
      signerFor('RS256', privateKey),
    );
  }

  async function fetches(outcome: string): Promise<number> {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((candidate) => candidate.descriptor.name === 'jwt_auth.jwks.fetches');
    const point = metric?.dataPoints.find((candidate) => candidate.attributes.outcome === outcome);
    return (point?.value as number | undefined) ?? 0;
  }

  it('counts each fetch of the JWK Set in jwt_auth.jwks.fetches by outcome', async () => {
    const [success, failure] = [await fetches('success'), await fetches('failure')];
    await service.verifyToken(token());
    provider.answer = { kind: 'text', body: 'down', status: 503 };
    now += 60_000;
    await service.verifyToken(token());
    await eventually(() => provider.hits === 2);
    await eventually(() => warn.mock.calls.length > 0);
    expect([await fetches('success'), await fetches('failure')]).toEqual([success + 1, failure + 1]);
  });

  it('emits jwksRefreshFailed, then staleKeysInUse once, for the stale use whose refresh failed', async () => {
    const heard: [string, unknown][] = [];
    const record = <K extends keyof JwtAuthEventMap>(name: K) =>
      events.on(name, (event: JwtAuthEventMap[K]) => heard.push([name, event]));
    record('jwksRefreshFailed');
    record('staleKeysInUse');
    await service.verifyToken(token());
    provider.answer = { kind: 'text', body: 'down', status: 503 };
    now += 60_000;
    await service.verifyToken(token()); // stale: refetched in the background, which fails
    await eventually(() => heard.length > 0);
    await service.verifyToken(token());
    await service.verifyToken(token());
    const uri = url; // without the query string
    expect(heard).toEqual([
      ['jwksRefreshFailed', { uri, reason: 'unavailable', message: expect.any(String), keptLastGood: true }],
      ['staleKeysInUse', { uri, age: 60_000 }],
    ]);
  });
});
