/**
 * The principal every request has, authenticated or not (Pyramid's `pyramid.security.Everyone`).
 * `@Permission(Everyone)` — or `@Public()` — opens a route to anyone.
 */
export const Everyone = 'system.Everyone';

/**
 * The principal of every request that carries a valid token for a user the GroupFinder accepts
 * (Pyramid's `pyramid.security.Authenticated`). `@Permission(Authenticated)` needs a logged-in user.
 */
export const Authenticated = 'system.Authenticated';

/** DI token of the options exactly as the application passed them (or its factory returned them). */
export const JWT_AUTH_MODULE_OPTIONS = Symbol('JWT_AUTH_MODULE_OPTIONS');

/** DI token of the options after start-up validation and normalisation ({@link ResolvedJwtAuthOptions}). */
export const JWT_AUTH_RESOLVED_OPTIONS = Symbol('JWT_AUTH_RESOLVED_OPTIONS');

/** Metadata key under which `@Permission()` stores the permissions (any one suffices) a handler or controller requires. */
export const PERMISSION_METADATA = 'nestjs-jwt-permissions:permission';

/**
 * Metadata key under which `@Permission()` stores the resource loader class of a handler or
 * controller (`null` when it names none, so that a handler's `@Permission` overrides its controller's).
 */
export const PERMISSION_RESOURCE_METADATA = 'nestjs-jwt-permissions:permission-resource';
/** Metadata key of `@Scopes()`: the OAuth scopes a route requires of the token. */
export const SCOPES_METADATA = 'nestjs-jwt-permissions:scopes';

/** DI token of the `resourceMetadata` option, resolved, or `null` when it is not set. */
export const JWT_AUTH_RESOURCE_METADATA = Symbol('JWT_AUTH_RESOURCE_METADATA');

/** DI token of whether `JwtAuthGuard` is registered as a global guard (`globalGuard`, default `true`). */
export const JWT_AUTH_GLOBAL_GUARD = Symbol('JWT_AUTH_GLOBAL_GUARD');
