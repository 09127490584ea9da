import {
  Inject,
  Injectable,
  Logger,
  RequestMethod,
  VERSION_NEUTRAL,
  VersioningType,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import {
  DiscoveryService,
  MetadataScanner,
  ModuleRef,
  ModulesContainer,
  Reflector,
  type ApplicationConfig,
} from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory';
import { Everyone, JWT_AUTH_RESOLVED_OPTIONS, SCOPES_METADATA } from '../jwt-auth.constants';
import { JwtAuthGuard } from '../jwt-auth.guard';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { AclService } from '../authorization/acl.service';
import { readDeclaredPermission } from '../authorization/permission-requirement.reader';
import { nestMajorVersion, readApplicationConfig } from './application-config.util';
import {
  GRAPHQL_MODULE_OPTIONS,
  GRAPHQL_RESOLVE_PROPERTY,
  GRAPHQL_RESOLVER_NAME,
  GRAPHQL_RESOLVER_TYPE,
  NEST_GUARDS,
  NEST_METHOD,
  NEST_MODULE_PATH,
  NEST_PATH,
  NEST_VERSION,
  RPC_HANDLER_TYPE,
  RPC_PATTERN,
  WS_GATEWAY,
  WS_GATEWAY_OPTIONS,
  WS_MESSAGE,
  WS_MESSAGE_MAPPING,
} from './nest-metadata.constants';
import { classMethods } from '../utils/class-methods.util';
import { discoveredClasses } from '../utils/discovered-classes.util';
import { formatRouteReport } from './route-report.formatter';
import type { RouteGuarding, RouteReport, RouteReportRow, RouteTransport } from './route-report.interface';

type RoutePathMetadata = Parameters<RoutePathFactory['create']>[0];
type RouteVersion = RoutePathMetadata['methodVersion'];

const GRAPHQL_ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
const RPC_EVENT_HANDLER = 2;
const NO_SCOPES: readonly string[] = Object.freeze([]);

/** Where a handler is reached, before the permission is read. */
interface RouteLocation {
  readonly transport: RouteTransport;
  readonly kind: string;
  readonly route: string;
  readonly version?: string;
}

/** What the transports apply, read once per report. */
interface GuardContext {
  /** `JwtAuthGuard` (or a subclass) is a global guard. */
  readonly global: boolean;
  /** Gateways run global guards: NestJS 12 on; NestJS 11 gateways only run `@UseGuards()`. */
  readonly wsRunsGlobalGuards: boolean;
  /** GraphQL runs guards on `@ResolveField()` methods only with `fieldResolverEnhancers: ['guards']`. */
  readonly fieldResolversGuarded: boolean;
}

function isJwtAuthGuard(guard: unknown): boolean {
  if (guard instanceof JwtAuthGuard) return true;
  return typeof guard === 'function' && (guard === JwtAuthGuard || guard.prototype instanceof JwtAuthGuard);
}

function withLeadingSlash(path: string): string {
  return path === '' || path.startsWith('/') ? path : `/${path}`;
}

function describeVersion(version: RouteVersion): string | undefined {
  if (version === undefined) return undefined;
  return [version]
    .flat()
    .map((v) => (v === VERSION_NEUTRAL ? 'neutral' : String(v)))
    .join(', ');
}

function describePattern(pattern: unknown): string {
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}

/**
 * The route permission report: every HTTP route, GraphQL resolver field, gateway message and
 * microservice pattern of the application, with the permission `JwtAuthGuard` requires for it (read
 * from the same metadata, the same way, as the guard), its resource loader, and whether the guard
 * runs for it at all. Build it once the application is initialised (`await app.init()`, or
 * `app.listen()`); `logRouteReport: true` logs it at start-up.
 *
 * It reads the metadata the stock guard reads: a subclass that overrides `getPermissionRequirement`
 * is not reflected.
 */
@Injectable()
export class RouteReportService implements OnApplicationBootstrap {
  private readonly logger = new Logger('JwtAuth');

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly modules: ModulesContainer,
    private readonly aclService: AclService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
  ) {}

  /** Logs the report when `logRouteReport` is on. */
  onApplicationBootstrap(): void {
    if (this.options.logRouteReport) this.logger.log(`Route permissions\n${formatRouteReport(this.build())}`);
  }

  /** The report, built from the application's metadata as it is now. */
  build(): RouteReport {
    const config = readApplicationConfig(this.moduleRef);
    if (config === undefined) {
      throw new Error(
        'RouteReportService: cannot read the application configuration from this NestJS version (11 or 12 expected).',
      );
    }
    const guards: GuardContext = {
      global:
        config.getGlobalGuards().some(isJwtAuthGuard) ||
        config.getGlobalRequestGuards().some((wrapper) => isJwtAuthGuard(wrapper.metatype)),
      wsRunsGlobalGuards: nestMajorVersion() >= 12,
      fieldResolversGuarded: this.graphqlFieldResolversGuarded(),
    };
    const rows: RouteReportRow[] = [];
    const add = (location: RouteLocation, handler: Function, owner: Type<unknown>, method: string) =>
      rows.push(this.describe(location, handler, owner, method, guards));
    const controllers = this.discovery
      .getControllers()
      .filter((wrapper) => typeof wrapper.metatype === 'function');
    for (const wrapper of controllers) this.httpRoutes(wrapper, config, add);
    const providers = this.providerClasses();
    for (const provider of providers) this.graphqlFields(provider, add);
    for (const provider of providers) this.gatewayMessages(provider, add);
    for (const wrapper of controllers) this.rpcPatterns(wrapper.metatype as Type<unknown>, add);
    return { rows, defaultPermission: this.options.defaultPermission };
  }

  private describe(
    location: RouteLocation,
    handler: Function,
    owner: Type<unknown>,
    method: string,
    guards: GuardContext,
  ): RouteReportRow {
    const declared = readDeclaredPermission(this.reflector, handler, owner);
    const permissions = declared.permissions ?? [this.options.defaultPermission];
    const openToEveryone = permissions.some(
      (permission) =>
        permission === Everyone ||
        (declared.loaderClass === undefined &&
          this.aclService.principalsAllowedByPermission(undefined, permission).has(Everyone)),
    );
    return {
      transport: location.transport,
      kind: location.kind,
      route: location.route,
      version: location.version,
      handler: `${owner.name}.${method}`,
      permissions,
      permissionFrom: declared.declaredOn ?? 'default',
      scopes:
        this.reflector.getAllAndOverride<readonly string[] | undefined>(SCOPES_METADATA, [handler, owner]) ??
        NO_SCOPES,
      resourceLoader: declared.loaderClass?.name,
      openToEveryone,
      guard: this.guarding(location, handler, owner, guards),
    };
  }

  private guarding(
    location: RouteLocation,
    handler: Function,
    owner: Type<unknown>,
    guards: GuardContext,
  ): RouteGuarding {
    if (location.kind === 'Field' && !guards.fieldResolversGuarded) return 'none';
    if (guards.global && (location.transport !== 'ws' || guards.wsRunsGlobalGuards)) return 'global';
    const named = [handler, owner].some((target) =>
      (this.reflector.get<unknown[] | undefined>(NEST_GUARDS, target) ?? []).some(isJwtAuthGuard),
    );
    return named ? 'decorator' : 'none';
  }

  private httpRoutes(
    wrapper: InstanceWrapper,
    config: ApplicationConfig,
    add: (l: RouteLocation, h: Function, o: Type<unknown>, m: string) => void,
  ): void {
    const controller = wrapper.metatype as Type<unknown>;
    const controllerPaths = this.reflector.get<string | string[] | undefined>(NEST_PATH, controller);
    if (controllerPaths === undefined) return;
    const versioningOptions = config.getVersioning();
    const metadata: RoutePathMetadata = {
      globalPrefix: withLeadingSlash(config.getGlobalPrefix()),
      modulePath: this.modulePath(wrapper),
      versioningOptions,
      controllerVersion:
        versioningOptions &&
        (this.reflector.get<RouteVersion>(NEST_VERSION, controller) ?? versioningOptions.defaultVersion),
    };
    const paths = new RoutePathFactory(config);
    for (const [method, handler] of classMethods(this.scanner, controller)) {
      const methodPaths = this.reflector.get<string | string[] | undefined>(NEST_PATH, handler);
      if (methodPaths === undefined) continue;
      const requestMethod = this.reflector.get<RequestMethod>(NEST_METHOD, handler) ?? RequestMethod.GET;
      const methodVersion = this.reflector.get<RouteVersion>(NEST_VERSION, handler);
      const versionShown = versioningOptions !== undefined && versioningOptions.type !== VersioningType.URI;
      const version = versionShown ? describeVersion(methodVersion ?? metadata.controllerVersion) : undefined;
      for (const ctrlPath of [controllerPaths].flat().map(withLeadingSlash)) {
        for (const methodPath of [methodPaths].flat().map(withLeadingSlash)) {
          for (const route of paths.create(
            { ...metadata, ctrlPath, methodPath, methodVersion },
            requestMethod,
          )) {
            add(
              { transport: 'http', kind: RequestMethod[requestMethod], route, version },
              handler,
              controller,
              method,
            );
          }
        }
      }
    }
  }

  private graphqlFields(
    resolver: Type<unknown>,
    add: (l: RouteLocation, h: Function, o: Type<unknown>, m: string) => void,
  ): void {
    for (const [method, handler] of classMethods(this.scanner, resolver)) {
      const rootType = this.reflector.get<unknown>(GRAPHQL_RESOLVER_TYPE, handler);
      const isField = this.reflector.get<unknown>(GRAPHQL_RESOLVE_PROPERTY, handler) === true;
      if (!isField && !(typeof rootType === 'string' && GRAPHQL_ROOT_TYPES.has(rootType))) continue;
      const field = this.reflector.get<string | undefined>(GRAPHQL_RESOLVER_NAME, handler) ?? method;
      const parent = this.reflector.get<unknown>(GRAPHQL_RESOLVER_NAME, resolver);
      const route = isField && typeof parent === 'string' ? `${parent}.${field}` : field;
      add(
        { transport: 'graphql', kind: isField ? 'Field' : (rootType as string), route },
        handler,
        resolver,
        method,
      );
    }
  }

  private gatewayMessages(
    gateway: Type<unknown>,
    add: (l: RouteLocation, h: Function, o: Type<unknown>, m: string) => void,
  ): void {
    if (!this.reflector.get<boolean | undefined>(WS_GATEWAY, gateway)) return;
    const namespace = this.reflector.get<{ namespace?: unknown } | undefined>(
      WS_GATEWAY_OPTIONS,
      gateway,
    )?.namespace;
    for (const [method, handler] of classMethods(this.scanner, gateway)) {
      if (!this.reflector.get<boolean | undefined>(WS_MESSAGE_MAPPING, handler)) continue;
      const message = String(this.reflector.get<unknown>(WS_MESSAGE, handler));
      const route = namespace === undefined ? message : `${describeNamespace(namespace)} ${message}`;
      add({ transport: 'ws', kind: 'message', route }, handler, gateway, method);
    }
  }

  private rpcPatterns(
    controller: Type<unknown>,
    add: (l: RouteLocation, h: Function, o: Type<unknown>, m: string) => void,
  ): void {
    for (const [method, handler] of classMethods(this.scanner, controller)) {
      const patterns = this.reflector.get<unknown>(RPC_PATTERN, handler);
      if (patterns === undefined) continue;
      const kind =
        this.reflector.get<number | undefined>(RPC_HANDLER_TYPE, handler) === RPC_EVENT_HANDLER
          ? 'event'
          : 'message';
      for (const pattern of [patterns].flat()) {
        add({ transport: 'rpc', kind, route: describePattern(pattern) }, handler, controller, method);
      }
    }
  }

  /** `RouterModule`'s path for the controller's module, as Nest's router reads it. */
  private modulePath(wrapper: InstanceWrapper): string | undefined {
    const module = wrapper.host?.metatype;
    if (module === undefined) return undefined;
    return (
      (Reflect.getMetadata(NEST_MODULE_PATH + this.modules.applicationId, module) as string | undefined) ??
      (Reflect.getMetadata(NEST_MODULE_PATH, module) as string | undefined)
    );
  }

  /** Each class provider once (a resolver or gateway provided by two modules is one set of handlers). */
  private providerClasses(): Type<unknown>[] {
    return [...discoveredClasses(this.discovery.getProviders()).keys()];
  }

  private graphqlFieldResolversGuarded(): boolean {
    try {
      const options = this.moduleRef.get<{ fieldResolverEnhancers?: unknown }>(GRAPHQL_MODULE_OPTIONS, {
        strict: false,
      });
      return (
        Array.isArray(options?.fieldResolverEnhancers) && options.fieldResolverEnhancers.includes('guards')
      );
    } catch {
      return false; // no GraphQLModule
    }
  }
}

/** A gateway's socket.io namespace as written: a name, a pattern, or a function that decides. */
function describeNamespace(namespace: unknown): string {
  if (typeof namespace === 'string' || namespace instanceof RegExp) return String(namespace);
  return typeof namespace === 'function' ? '(dynamic namespace)' : JSON.stringify(namespace);
}
