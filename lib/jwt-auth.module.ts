import {
  Module,
  Optional,
  type DynamicModule,
  type OnModuleInit,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import {
  JWT_AUTH_GLOBAL_GUARD,
  JWT_AUTH_MODULE_OPTIONS,
  JWT_AUTH_RESOLVED_OPTIONS,
  JWT_AUTH_RESOURCE_METADATA,
} from './jwt-auth.constants';
import { JwtAuthGuard } from './jwt-auth.guard';
import {
  resolveJwtAuthOptions,
  type ResolvedJwtAuthOptions,
  type JwtAuthModuleAsyncOptions,
  type JwtAuthModuleExtras,
  type JwtAuthModuleOptions,
  type JwtAuthOptionsFactory,
  type JwtAuthOptions,
} from './jwt-auth.options';
import { checkAsyncOptionKeys, checkTokenOptionKeys } from './jwt-auth-options.validation';
import { AclService } from './authorization/acl.service';
import { ResourceLoaderRegistry } from './authorization/resource-loader.registry';
import { CookieAuthService } from './cookies/cookie-auth.service';
import { CookieReissueInterceptor } from './cookies/cookie-reissue.interceptor';
import { GraphqlWsAuthService } from './graphql-ws/graphql-ws-auth.service';
import { GroupFinder } from './identity/group-finder.interface';
import { PrincipalsService } from './identity/principals.service';
import { defineRequestDataAccessors } from './identity/request-identity.store';
import { MemorySessionStore } from './sessions/memory-session.store';
import { RedisSessionStore } from './sessions/redis-session.store';
import { RevocationState } from './sessions/revocation.state';
import { DpopService } from './dpop/dpop.service';
import { SessionService } from './sessions/session.service';
import { SessionStore } from './sessions/session.store';
import { JwtTokenService } from './token/jwt-token.service';
import { createJwksController } from './token/jwks.controller';
import { createResourceMetadataController } from './http/resource-metadata.controller';
import { resolveResourceMetadataOptions } from './http/resource-metadata.options';
import { RouteReportService } from './observability/route-report.service';
import { AuthDecisionObserver } from './observability/auth-decision.observer';
import { JwksFetchReporter } from './observability/jwks-fetch.reporter';
import { JwtAuthEvents } from './observability/jwt-auth-events.service';
import { JwtAuthTelemetry } from './observability/jwt-auth.telemetry';
import { JwtAuthHealthIndicator } from './observability/jwt-auth-health.indicator';
import { OpenApiDocumenter } from './openapi/openapi.documenter';

// What the module provides and shares with the whole application (the module is global), so that
// `@UseGuards(JwtAuthGuard)` in any module and applications' own code can inject them.
const SHARED_PROVIDERS = [
  JwtAuthEvents,
  JwtAuthTelemetry,
  AuthDecisionObserver,
  JwksFetchReporter,
  JwtTokenService,
  PrincipalsService,
  AclService,
  ResourceLoaderRegistry,
  JwtAuthGuard,
  CookieAuthService,
  RouteReportService,
  GraphqlWsAuthService,
  RevocationState,
  SessionService,
  DpopService,
  JwtAuthHealthIndicator,
];

/** The store the options ask for: Redis with `sessions.redis`, else this process's memory. */
function defaultSessionStore(options: ResolvedJwtAuthOptions): SessionStore {
  const redis = options.sessions.redis;
  return redis ? new RedisSessionStore(redis) : new MemorySessionStore();
}

/**
 * JWT authentication and permissions for the whole application: import it once, in the root module.
 * It provides {@link JwtTokenService}, {@link SessionService}, {@link CookieAuthService},
 * {@link JwtAuthEvents}, {@link AclService}, {@link RouteReportService}, {@link GraphqlWsAuthService}
 * and {@link JwtAuthHealthIndicator}, and the {@link SessionStore} (in memory unless configured), registers {@link JwtAuthGuard} globally
 * (unless `globalGuard: false`) and, when `cookie.reissueTime` is set, the cookie reissue
 * interceptor, and wires the application's {@link GroupFinder}. The module is global.
 */
@Module({})
export class JwtAuthModule implements OnModuleInit {
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  /**
   * On Express, defines the request data (`jwtClaims`...) once as accessors on the prototype of
   * every request, for the guard and the decorators alike: a property added to an Express request
   * is costly, as each request has a hidden class of its own.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const prototype: unknown = adapter.getInstance<{ request?: unknown } | undefined>()?.request;
    if (typeof prototype === 'object' && prototype !== null) defineRequestDataAccessors(prototype);
  }

  /** Configures the module with options known up front. */
  static forRoot(options: JwtAuthModuleOptions): DynamicModule {
    const { groupFinder, sessionStore, imports, globalGuard, jwksRoute, resourceMetadata, ...jwtOptions } =
      options ?? {};
    checkTokenOptionKeys(jwtOptions, 'forRoot');
    return this.assemble({ groupFinder, sessionStore, imports, globalGuard, jwksRoute, resourceMetadata }, [
      { provide: JWT_AUTH_MODULE_OPTIONS, useValue: jwtOptions },
    ]);
  }

  /** Configures the module with options built at start-up (from `ConfigService`, a vault...). */
  static forRootAsync(options: JwtAuthModuleAsyncOptions): DynamicModule {
    const sources = [options.useFactory, options.useClass, options.useExisting].filter(Boolean).length;
    if (sources !== 1) {
      throw new Error(
        'JwtAuthModule.forRootAsync() needs exactly one of useFactory, useClass or useExisting.',
      );
    }
    checkAsyncOptionKeys(options);
    return this.assemble(options, this.asyncOptionsProviders(options));
  }

  private static asyncOptionsProviders(options: JwtAuthModuleAsyncOptions): Provider[] {
    const { useFactory } = options;
    if (useFactory) {
      return [
        {
          provide: JWT_AUTH_MODULE_OPTIONS,
          useFactory: async (...args: unknown[]) => checkedFactoryOptions(await useFactory(...args)),
          inject: options.inject ?? [],
        },
      ];
    }
    const factoryClass = (options.useClass ?? options.useExisting)!;
    return [
      ...(options.useClass ? [{ provide: factoryClass, useClass: factoryClass }] : []),
      {
        provide: JWT_AUTH_MODULE_OPTIONS,
        useFactory: async (factory: JwtAuthOptionsFactory) =>
          checkedFactoryOptions(await factory.createJwtAuthOptions()),
        inject: [factoryClass],
      },
    ];
  }

  /**
   * The GroupFinder under the `GroupFinder` token, always present in this module so that
   * `overrideProvider(GroupFinder)` in a test replaces it whatever the application's wiring. The
   * application's class is its own provider, aliased by the token, so that
   * `overrideProvider(AppGroupFinder)` works too. Without one, the token holds `null` and
   * `PrincipalsService` looks for a `GroupFinder` the application provides elsewhere.
   */
  private static groupFinderProviders(groupFinder: Type<GroupFinder> | undefined): Provider[] {
    if (groupFinder === undefined) return [{ provide: GroupFinder, useFactory: () => null }];
    return [groupFinder, { provide: GroupFinder, useExisting: groupFinder }];
  }

  private static assemble(extras: JwtAuthModuleExtras, optionsProviders: Provider[]): DynamicModule {
    const groupFinder = this.groupFinderProviders(extras.groupFinder);
    // The application's own store class, resolved here so that it may inject its own services;
    // else Redis or memory, which only the resolved options (maybe built at start-up) tell.
    const sessionStore: Provider = extras.sessionStore
      ? { provide: SessionStore, useClass: extras.sessionStore }
      : { provide: SessionStore, useFactory: defaultSessionStore, inject: [JWT_AUTH_RESOLVED_OPTIONS] };
    const globalGuard: Provider[] =
      extras.globalGuard === false ? [] : [{ provide: APP_GUARD, useExisting: JwtAuthGuard }];
    // Resolved here, not with the other options: the route it adds must be known before they are.
    const resourceMetadata =
      extras.resourceMetadata === undefined ? null : resolveResourceMetadataOptions(extras.resourceMetadata);
    const controllers: Array<Type<unknown>> = [];
    if (extras.jwksRoute !== undefined) controllers.push(createJwksController(extras.jwksRoute));
    if (resourceMetadata !== null) controllers.push(createResourceMetadataController(resourceMetadata));
    return {
      module: JwtAuthModule,
      global: true,
      imports: [DiscoveryModule, ...(extras.imports ?? [])],
      controllers,
      providers: [
        ...optionsProviders,
        {
          provide: JWT_AUTH_RESOLVED_OPTIONS,
          useFactory: resolveJwtAuthOptions,
          inject: [JWT_AUTH_MODULE_OPTIONS],
        },
        ...SHARED_PROVIDERS,
        CookieReissueInterceptor,
        { provide: JWT_AUTH_GLOBAL_GUARD, useValue: extras.globalGuard !== false },
        { provide: JWT_AUTH_RESOURCE_METADATA, useValue: resourceMetadata },
        OpenApiDocumenter,
        // A global interceptor costs every route of the application, so it is only registered when
        // sliding reissue is configured. With forRootAsync that is known only once the options are
        // built, hence a factory: Nest skips a global enhancer whose factory returns null.
        {
          provide: APP_INTERCEPTOR,
          useFactory: (options: ResolvedJwtAuthOptions, interceptor: CookieReissueInterceptor) =>
            options.cookie?.reissueTime === undefined ? null : interceptor,
          inject: [JWT_AUTH_RESOLVED_OPTIONS, CookieReissueInterceptor],
        },
        ...groupFinder,
        sessionStore,
        ...globalGuard,
      ],
      exports: [
        JWT_AUTH_RESOLVED_OPTIONS,
        ...SHARED_PROVIDERS,
        SessionStore,
        ...(extras.groupFinder ? [GroupFinder] : []),
      ],
    };
  }
}

/** What an async factory returned, refused at start-up when it holds a key it may not set. */
function checkedFactoryOptions(options: JwtAuthOptions): JwtAuthOptions {
  if (options !== null && typeof options === 'object') checkTokenOptionKeys(options, 'factory');
  return options;
}
