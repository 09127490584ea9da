/** The transports a route report lists, as the guard names them. */
export type RouteTransport = 'http' | 'graphql' | 'ws' | 'rpc';

/**
 * Whether `JwtAuthGuard` runs for a route: registered globally (and applied by the transport),
 * named by `@UseGuards()` on the handler or its class, or neither.
 */
export type RouteGuarding = 'global' | 'decorator' | 'none';

/** One route of a {@link RouteReport}: where it is reached, and what the guard requires of a caller. */
export interface RouteReportRow {
  /** The transport that reaches the handler. */
  readonly transport: RouteTransport;
  /**
   * The HTTP method (`GET`, `POST`, `ALL`...); the GraphQL operation (`Query`, `Mutation`,
   * `Subscription`, or `Field` for a field resolver); `message` for a gateway message; `message`
   * (request-response) or `event` for a microservice pattern.
   */
  readonly kind: string;
  /**
   * How the route is reached: the HTTP path with the global prefix, module path and URI version
   * (one row per path); the GraphQL field (`whoami`, or `Note.auditLog` for a field resolver); the
   * gateway's message, after its namespace if it has one; the microservice pattern (JSON unless a string).
   */
  readonly route: string;
  /** The versions of an HTTP route under header, media-type or custom versioning, which its path does not show. */
  readonly version: string | undefined;
  /** The handler, as `Class.method`. */
  readonly handler: string;
  /** The permissions the guard requires, any one of which lets the caller in, normalised (`system.Authenticated` for `Authenticated`). */
  readonly permissions: readonly string[];
  /** Where the permission comes from: the handler's `@Permission()`, its class's, or `defaultPermission`. */
  readonly permissionFrom: 'handler' | 'controller' | 'default';
  /** The OAuth scopes of its `@Scopes()` (its class's), every one of which the token must grant; empty without. */
  readonly scopes: readonly string[];
  /** The class name of the `@Permission(name, { resource })` loader; `undefined` when the root ACL decides. */
  readonly resourceLoader: string | undefined;
  /**
   * Anyone may call it, with or without a token: its permission is `Everyone` (`@Public()`), or,
   * with no resource loader, the root ACL grants the permission to `Everyone`.
   */
  readonly openToEveryone: boolean;
  /** Whether, and how, `JwtAuthGuard` runs for the route. `none`: the permission above is not enforced. */
  readonly guard: RouteGuarding;
}

/** Every route of the application with what the guard requires, from {@link RouteReportService.build}. */
export interface RouteReport {
  /** HTTP routes first, then GraphQL, gateway messages and microservice patterns, each in discovery order. */
  readonly rows: readonly RouteReportRow[];
  /** The `defaultPermission` that rows with `permissionFrom: 'default'` require. */
  readonly defaultPermission: string;
}
