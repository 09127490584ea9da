import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { loadOptionalPackage } from '../refusal/optional-package.util';
import { RevocationState } from '../sessions/revocation.state';
import { SessionStore } from '../sessions/session.store';
import { JwtTokenService } from '../token/jwt-token.service';
import {
  assessJwks,
  assessSessionStore,
  checkJwksHealthOptions,
  type HealthAssessment,
  type JwksHealthOptions,
  type JwksSourceHealth,
  type SessionStoreHealth,
} from './health.assessment';

/**
 * A health indicator's result as `@nestjs/terminus` reads it: `{ [key]: { status, ...data } }`.
 * Spelled here so that an application without terminus needs none of its types.
 */
export type JwtAuthHealthResult<Key extends string, Data extends object> = Record<
  Key,
  { status: 'up' | 'down' } & Data
>;

/**
 * Health indicators for `@nestjs/terminus` (an optional package, loaded on the first check): the
 * freshness of the keys fetched from identity providers, and the session store's connection.
 * Provided by `JwtAuthModule`; inject it into a controller of a module that imports
 * `TerminusModule`, and list its checks in `HealthCheckService.check()`. Each check reads state
 * the library keeps anyway: it fetches nothing and sends nothing to the store.
 *
 * ```ts
 * @Get('health')
 * @HealthCheck()
 * check() {
 *   return this.health.check([
 *     () => this.jwtAuthHealth.isJwksFresh('jwks'),
 *     () => this.jwtAuthHealth.isSessionStoreUp('sessions'),
 *   ]);
 * }
 * ```
 */
@Injectable()
export class JwtAuthHealthIndicator {
  private indicators: HealthIndicatorService | undefined;

  constructor(
    private readonly tokens: JwtTokenService,
    private readonly store: SessionStore,
    private readonly revocations: RevocationState,
    private readonly moduleRef: ModuleRef,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: Pick<ResolvedJwtAuthOptions, 'clock'>,
  ) {}

  /**
   * Whether the keys fetched from every `jwksUri`, JWK Set issuer and discovery issuer are usable
   * and fresh: `down` when a source has no usable key after a fetch was tried (its tokens are all
   * refused), or when tokens are verified with keys older than `maxKeyAge` (the refresh has been
   * failing). A failed last fetch, or stale keys within `maxKeyAge`, are reported while `up`.
   * With no fetched keys configured, always `up` with no sources.
   */
  isJwksFresh<const Key extends string = 'jwks'>(
    key: Key = 'jwks' as Key,
    options: JwksHealthOptions = {},
  ): JwtAuthHealthResult<Key, { sources: JwksSourceHealth[] }> {
    checkJwksHealthOptions(options);
    return this.result(key, assessJwks(this.tokens.jwksStatus(), this.options.clock(), options));
  }

  /**
   * Whether the session store is reachable: the in-memory store always is; the Redis store while
   * both its connections are ready. Also `down` while access tokens are refused because the
   * revocation feed has been cut longer than `sessions.maxStaleness`. A store of the application's
   * own is judged by its `connectionStatus()`, when it implements it, and by the feed.
   */
  isSessionStoreUp<const Key extends string = 'sessionStore'>(
    key: Key = 'sessionStore' as Key,
  ): JwtAuthHealthResult<Key, SessionStoreHealth> {
    const assessment = assessSessionStore(
      this.store.constructor.name,
      this.store.connectionStatus(),
      this.revocations.feedStatus,
    );
    return this.result(key, assessment);
  }

  // Through terminus' own HealthIndicatorService, found once in the application that imports TerminusModule.
  private result<Key extends string, Data extends object>(
    key: Key,
    { healthy, data }: HealthAssessment<Data>,
  ): JwtAuthHealthResult<Key, Data> {
    const session = this.healthIndicators().check(key);
    const details = data as Record<string, unknown>;
    return (healthy ? session.up(details) : session.down(details)) as JwtAuthHealthResult<Key, Data>;
  }

  private healthIndicators(): HealthIndicatorService {
    if (this.indicators) return this.indicators;
    const terminus = loadOptionalPackage<typeof import('@nestjs/terminus')>(
      '@nestjs/terminus',
      'JwtAuthHealthIndicator',
    );
    let indicators: HealthIndicatorService;
    try {
      indicators = this.moduleRef.get(terminus.HealthIndicatorService, { strict: false });
    } catch (error) {
      throw new Error(
        'JwtAuthHealthIndicator needs TerminusModule: import it in the module of your health controller.',
        { cause: error },
      );
    }
    this.indicators = indicators;
    return indicators;
  }
}
