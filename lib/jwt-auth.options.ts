import type { FactoryProvider, ModuleMetadata, Type } from '@nestjs/common';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { Authenticated } from './jwt-auth.constants';
import { normalizePermission } from './authorization/permission.util';
import type { Acl } from './authorization/acl.interface';
import { resolveDpopOptions, type JwtDpopOptions, type ResolvedDpopOptions } from './dpop/dpop.options';
import { resolveAcl } from './authorization/acl.validation';
import {
  resolveScopePermissions,
  type ResolvedScopePermissions,
  type ScopePermissions,
} from './authorization/scope-permissions.options';
import {
  resolveCookieOptions,
  type JwtCookieOptions,
  type ResolvedJwtCookieOptions,
} from './cookies/cookie-auth.options';
import type { GroupFinder } from './identity/group-finder.interface';
import type { ResourceMetadataOptions } from './http/resource-metadata.options';
import { resolveIssuers, type IssuerOptions, type ResolvedIssuer } from './issuers/issuer.options';
import type { JwtRequestUser, RequestIdentity } from './identity/identity.interface';
import type { SessionStore } from './sessions/session.store';
import {
  resolveTelemetryOptions,
  type JwtTelemetryOptions,
  type ResolvedJwtTelemetryOptions,
} from './observability/telemetry.options';
import {
  resolveSessionOptions,
  type JwtSessionOptions,
  type ResolvedJwtSessionOptions,
} from './sessions/session.options';
import type { JwtAlgorithm } from './token/jwt-algorithm.constants';
import type { JwtKeyInput } from './token/key-input.parser';
import type { JwtKeyOptions } from './token/jwt-key.options';
import { resolveJwtKeyOptions, type ResolvedJwtKeyOptions } from './token/jwt-key.options';
import type { JwksOptions } from './token/jwks.options';
import {
  resolveTokenCacheOptions,
  type ResolvedTokenCacheOptions,
  type TokenCacheOptions,
} from './token/verified-token-cache.options';
import { configError as fail, describeValue } from './utils/config-error.util';

/**
 * How tokens are made and checked, and how the guard treats requests: pyramid_jwt's settings in
 * camelCase. Every field is validated when the application starts.
 */
export interface JwtAuthOptions {
  /**
   * The HMAC secret that signs and verifies tokens (HS256/384/512): a string (its UTF-8 bytes), a
   * Buffer, a `KeyObject` from `crypto.createSecretKey()`, or an `{ kty: 'oct' }` JWK. At least as
   * long as the algorithm's hash (HS256 32 bytes, HS384 48, HS512 64); never a PEM or public key.
   * One key option is required: `secret`, `privateKey`/`publicKey`, `keys`, or `jwksUri`.
   */
  secret?: string | Buffer | KeyObject | JsonWebKey;
  /**
   * The private key that signs tokens (RS*, PS*, ES*, EdDSA): PEM text, a Buffer, a `KeyObject`, or a
   * JWK with its private part. Its public half verifies them and is published by `getJwks()`.
   * Default: none.
   */
  privateKey?: JwtKeyInput;
  /**
   * The public key that verifies tokens, as PEM text, a Buffer, a `KeyObject` or a JWK. Without
   * `privateKey`, the service is verify-only: `createToken()` throws. Default: none.
   */
  publicKey?: JwtKeyInput;
  /**
   * The algorithm of `secret` / `privateKey` / `publicKey`, and of each `keys` entry that names none.
   * Default `'HS512'`, as pyramid_jwt; `'RS256'` when the only keys come from `jwksUri`.
   */
  algorithm?: JwtAlgorithm;
  /**
   * The algorithms a token may be signed with; any other `alg` (and always `none`) is refused.
   * Every configured key's algorithm must be listed. Default: the configured keys' algorithms
   * (`[algorithm]` with one key), plus `algorithm` with `jwksUri`.
   */
  algorithms?: JwtAlgorithm[];
  /**
   * Several keys, for rotation: each with its `kid`, written into the tokens it signs and matched
   * against the token's `kid` when verifying. Keep an old key (its `publicKey` is enough) until its
   * tokens have expired. Not with `secret` / `privateKey` / `publicKey`. Default: none.
   */
  keys?: JwtKeyOptions[];
  /** The `kid` of the `keys` entry that signs new tokens. Default: the only entry that can sign, if one. */
  signingKeyId?: string;
  /**
   * The JWK Set URL of an identity provider (Auth0, Keycloak, Cognito, Entra ID...) whose tokens to
   * accept, such as `https://YOUR_DOMAIN/.well-known/jwks.json`. Needs `issuer`; https only (http
   * on localhost). Tokens are then verified with the provider's keys, chosen by `kid`. Default: none.
   */
  jwksUri?: string;
  /** How the `jwksUri` key set is fetched and cached: timeout, cache age, cooldown, size limit. */
  jwksOptions?: JwksOptions;
  /**
   * The identity providers whose access tokens the API accepts, one entry each, with its own
   * audience, algorithms, keys (configured, JWK Set or OpenID Connect discovery) and claim
   * mappings ({@link IssuerOptions}). A token's `iss` picks its entry before any key is looked up
   * or fetched; a token of an issuer no entry lists is refused. The module's own keys (`secret`,
   * `keys`, `jwksUri`...), when set, are one more entry: that of `issuer`, or, without `issuer`,
   * that of every token whose `iss` no entry lists. Default: none.
   */
  issuers?: IssuerOptions[];
  /** Lifetime of created tokens, in seconds; a positive number. Default `3600`. */
  expiration?: number;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. Default `0`. */
  leeway?: number;
  /**
   * The audience written into created tokens (`aud`) and required of verified ones. Default: none,
   * in which case a token that names an audience is refused (RFC 7519 §4.1.3).
   */
  audience?: string | string[];
  /** The issuer written into created tokens (`iss`) and required of verified ones. Default: none. */
  issuer?: string;
  /** Claims copied into every created token, before per-token claims. Default `{}`. */
  defaultClaims?: Record<string, unknown>;
  /**
   * `'at+jwt'`: the service's own tokens are access tokens of the RFC 9068 profile. Created tokens
   * get the header `typ: at+jwt` (besides the `jti` every token has), and must carry a `client_id`
   * (from `defaultClaims` or the per-token claims); verified ones must have that `typ` and all of
   * `iss`, `exp`, `aud`, `sub`, `client_id`, `iat` and `jti`. Needs `issuer` and `audience`.
   * Default: none. (For a provider's tokens, see `issuers[].profile`.)
   */
  profile?: 'at+jwt';
  /**
   * The request header that carries the token. Default `'Authorization'`. With another header name
   * the header holds the bare token, with no scheme (as in pyramid_jwt).
   */
  httpHeader?: string;
  /**
   * The schemes accepted in the `Authorization` header, matched case-insensitively.
   * Default `['Bearer', 'JWT']`.
   */
  authType?: string | string[];
  /**
   * What a route without `@Permission()` requires. Default `Authenticated`: secure by default.
   * `Everyone` gives Pyramid's open-by-default behaviour.
   */
  defaultPermission?: string;
  /**
   * The socket.io handshake `auth` field that carries the token, for browsers, which cannot set
   * headers on a WebSocket: `io(url, { auth: { token } })`; and likewise the `graphql-ws`
   * `connectionParams` field, read after `authorization` there. It holds the bare token (or
   * `Bearer <token>`), and is read when the handshake has no token header. `false` disables it.
   * Default `'token'`.
   */
  wsAuthField?: string | false;
  /**
   * The handshake query parameter that carries the token (`ws://host/?access_token=...`), for
   * browser clients of the `ws` adapter, read after the header and `wsAuthField`. Off by default
   * (`false`): URLs end up in logs, so RFC 6750 §2.3 advises against tokens in them.
   */
  wsQueryParam?: string | false;
  /**
   * The field of a microservice message's payload that carries the token (bare, or
   * `Bearer <token>`), read when the packet metadata has no token header. `false` disables it.
   * Default `'access_token'` (RFC 6750's name).
   */
  rpcTokenField?: string | false;
  /** The `realm` named in `WWW-Authenticate` challenges (RFC 6750 §3). Default `'api'`. */
  realm?: string;
  /** Tokens longer than this many characters are refused before any decoding. Default `8192`. */
  maxTokenLength?: number;
  /**
   * The root ACL: ordered entries `[Allow | Deny, principal, permission | permission[] | ALL_PERMISSIONS]`
   * that every resource inherits, e.g. `[[Allow, Authenticated, 'view'], [Allow, 'admin', ALL_PERMISSIONS]]`.
   * With it, `@Permission(name)` is decided by the ACLs (the first matching entry wins; nothing
   * matching denies), except `Everyone` and `Authenticated`, which always name who may call.
   * Default: none, and a permission is granted to the principal of the same name (`'admin'` needs
   * the group `admin`), unless the route names a resource with an ACL.
   */
  acl?: Acl;
  /**
   * The permissions each OAuth scope grants, so that a provider's access tokens are authorised by
   * their scopes without ACL entries: `{ 'documents.read': 'view', 'documents.write': ['view', 'edit'] }`.
   * A token granted a scope (its `scope` or `scp` claim) holds the principal `scope:<name>`, and
   * each scope's permissions are granted to it as if the root ACL began with
   * `[Allow, 'scope:<name>', permissions]`: a resource's own ACL still decides first, and may deny.
   * A user refused such a permission whose token has none of the scopes that grant it gets 403
   * `insufficient_scope` naming one that would. Default: none.
   */
  scopePermissions?: ScopePermissions;
  /**
   * Remember tokens that passed every check, so a repeated token skips the signature check (the
   * time checks are still made on every request): `false` for none, or bounds
   * ({@link TokenCacheOptions}). Only successes are kept, none beyond its `exp`, and all are dropped
   * when the keys change. Claims of verified tokens are then frozen, as requests share them.
   * Default `{ maxEntries: 1000, maxTokenLength: 2048 }`.
   */
  tokenCache?: boolean | TokenCacheOptions;
  /**
   * How long, in milliseconds, a GroupFinder that answers with a promise may take: past it the
   * lookup is abandoned and logged, a route that needs a user answers 503 (`group_finder_timeout`)
   * and a public route treats the caller as anonymous. A GroupFinder that answers at once is never
   * timed. `false` (or `0`) waits for ever. Default `5000`.
   */
  groupFinderTimeout?: number | false;
  /**
   * Log, through Nest's `Logger`, why each token was refused, and each permission decision with the
   * ACE, ACL, resource and principals behind it. Default `false`.
   */
  debug?: boolean;
  /**
   * Log the route permission report once the application has started, through Nest's `Logger`:
   * every HTTP route, GraphQL field, gateway message and microservice pattern with the permission
   * the guard requires, flagging those open to anyone, left to `defaultPermission`, or not guarded
   * (see `RouteReportService`). Default `false`.
   */
  logRouteReport?: boolean;
  /**
   * The clock, in milliseconds since the epoch, used to stamp and check tokens. Default `Date.now`.
   * Meant for tests.
   */
  clock?: () => number;
  /**
   * Also set `request.user` on an authenticated request, for code written for `@nestjs/passport`
   * (`req.user.userId`, `req.user.username`), so that an app can move from passport route by route.
   * `true`: the claims plus `userId` (the token's `sub`), the shapes passport-jwt's `validate()` and
   * the NestJS docs' hand-written guard give ({@link JwtRequestUser}). A function: what it returns
   * for the identity, as a `validate()` would. Anonymous requests get no `user`. Default `false`.
   */
  requestUser?: boolean | ((identity: RequestIdentity) => unknown);
  /**
   * What the library records through OpenTelemetry when `@opentelemetry/api` is installed and an
   * SDK registered (see docs/operations.md): `{ enduserId: true }` also puts the user id on the
   * active span. Default `{ enduserId: false }`.
   */
  telemetry?: JwtTelemetryOptions;
  /**
   * Cookie mode, for browser apps: the guard also reads the token from an `HttpOnly` cookie set by
   * `CookieAuthService.remember()`, with CSRF protection and optional sliding reissue. `{}` turns
   * it on with the defaults ({@link JwtCookieOptions}). Default: none (the header only).
   */
  cookie?: JwtCookieOptions;
  /**
   * Sessions that end (`SessionService`): refresh-token idle timeout, absolute session lifetime,
   * reuse grace period ({@link JwtSessionOptions}). Default: the defaults of each field.
   */
  sessions?: JwtSessionOptions;
  /**
   * DPoP (RFC 9449): also accept tokens bound to a client's key, as `Authorization: DPoP <token>`
   * with a `DPoP` proof header, checked on every request; 401 answers then carry a `DPoP`
   * challenge. `true` (or `{}`) turns it on with the defaults ({@link JwtDpopOptions}). A bound
   * token (`cnf.jkt`) sent as `Bearer` is refused whether this is on or not. Needs the
   * `Authorization` header (`httpHeader`). Default: off.
   */
  dpop?: boolean | JwtDpopOptions;
}

/** Options of `JwtAuthModule.forRoot()`: {@link JwtAuthOptions} plus how the module is wired. */
export interface JwtAuthModuleOptions extends JwtAuthOptions, JwtAuthModuleExtras {}

/** What wires the module into the application, as opposed to how tokens are checked. */
export interface JwtAuthModuleExtras {
  /**
   * The application's {@link GroupFinder}, a class resolved through Nest's DI so it can inject its
   * own services. Optional: an application may instead provide the `GroupFinder` token itself.
   */
  groupFinder?: Type<GroupFinder>;
  /**
   * Where sessions, refresh tokens and revocations are kept: a class extending `SessionStore`,
   * resolved through Nest's DI (it may inject its own services, such as a database connection).
   * Default: the in-memory store, for one process.
   */
  sessionStore?: Type<SessionStore>;
  /** Modules the GroupFinder's dependencies (and an async options factory's) come from. */
  imports?: ModuleMetadata['imports'];
  /**
   * Register `JwtAuthGuard` as a global guard (`APP_GUARD`). Default `true`. With `false`, apply it
   * where wanted with `@UseGuards(JwtAuthGuard)`.
   */
  globalGuard?: boolean;
  /**
   * Serve `JwtTokenService.getJwks()` (the public keys) at this path, such as
   * `'/.well-known/jwks.json'`, open to anyone and cacheable for 5 minutes. Needs at least one
   * public key. Default: no route.
   */
  jwksRoute?: string;
  /**
   * Publish the API's protected resource metadata (RFC 9728) at
   * `/.well-known/oauth-protected-resource` (followed by the resource's path, if any), open to
   * anyone and cacheable for an hour, and name it in the `resource_metadata` parameter of every 401
   * challenge, so that OAuth clients discover the authorization servers and the scopes to ask for
   * ({@link ResourceMetadataOptions}). Default: no route.
   */
  resourceMetadata?: ResourceMetadataOptions;
}

/** A class that builds the options, for `JwtAuthModule.forRootAsync({ useClass })`. */
export interface JwtAuthOptionsFactory {
  /** Returns the options, or a promise of them. */
  createJwtAuthOptions(): JwtAuthOptions | Promise<JwtAuthOptions>;
}

/** Options of `JwtAuthModule.forRootAsync()`: one of `useFactory`, `useClass` or `useExisting`. */
export interface JwtAuthModuleAsyncOptions extends JwtAuthModuleExtras {
  /** A factory returning the options; its arguments are the providers named in `inject`. */
  // Nest's own FactoryProvider shape: the factory's parameters are whatever `inject` names.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory?: (...args: any[]) => JwtAuthOptions | Promise<JwtAuthOptions>;
  /** Providers injected into `useFactory`. */
  inject?: FactoryProvider['inject'];
  /** A class instantiated by the module to build the options. */
  useClass?: Type<JwtAuthOptionsFactory>;
  /** An existing provider (from `imports`) that builds the options. */
  useExisting?: Type<JwtAuthOptionsFactory>;
}

/** The options after start-up validation: what the services and the guard read on each request. */
export interface ResolvedJwtAuthOptions extends ResolvedJwtKeyOptions {
  /** The `issuers` entries, checked and frozen; empty without `issuers`. */
  readonly issuers: readonly ResolvedIssuer[];
  /** As {@link JwtAuthOptions.profile}. */
  readonly profile: 'at+jwt' | undefined;
  readonly expiration: number;
  readonly leeway: number;
  readonly audience: string | string[] | undefined;
  readonly issuer: string | undefined;
  readonly defaultClaims: Readonly<Record<string, unknown>>;
  /** Lower-cased header name, as Node exposes incoming headers. */
  readonly httpHeader: string;
  /** Lower-cased accepted schemes; empty when the header carries a bare token. */
  readonly authTypes: ReadonlySet<string>;
  /** The socket.io handshake `auth` field of the token; `undefined` when disabled. */
  readonly wsAuthField: string | undefined;
  /** The handshake query parameter of the token; `undefined` when disabled. */
  readonly wsQueryParam: string | undefined;
  /** The RPC payload field of the token; `undefined` when disabled. */
  readonly rpcTokenField: string | undefined;
  readonly defaultPermission: string;
  /** The root ACL, checked and frozen; `undefined` when not configured. */
  readonly acl: Acl | undefined;
  /** As {@link JwtAuthOptions.scopePermissions}, compiled; empty when not configured. */
  readonly scopePermissions: ResolvedScopePermissions;
  readonly realm: string;
  readonly maxTokenLength: number;
  /** Bounds of the verified-token cache, or `false` for none. */
  readonly tokenCache: ResolvedTokenCacheOptions | false;
  /** Milliseconds a promised GroupFinder answer may take; `0` for no limit. */
  readonly groupFinderTimeout: number;
  readonly debug: boolean;
  /** Log the route permission report at start-up. */
  readonly logRouteReport: boolean;
  readonly clock: () => number;
  /** What `request.user` is set to for an authenticated request; `undefined` when it is not set. */
  readonly requestUser: ((identity: RequestIdentity) => unknown) | undefined;
  /** What OpenTelemetry records. */
  readonly telemetry: ResolvedJwtTelemetryOptions;
  /** Cookie mode's settings; `undefined` when cookie mode is off. */
  readonly cookie: ResolvedJwtCookieOptions | undefined;
  /** Session settings, in seconds. */
  readonly sessions: ResolvedJwtSessionOptions;
  /** DPoP's settings; `undefined` when DPoP is off. */
  readonly dpop: ResolvedDpopOptions | undefined;
}

const DEFAULT_AUTH_TYPES = ['Bearer', 'JWT'];
const NO_ISSUERS: readonly ResolvedIssuer[] = Object.freeze([]);
// RFC 6750 §3: quoted auth-param values; a realm that breaks the quoting would break the header.
const PRINTABLE_QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// RFC 7230 token characters: what a header name or an auth scheme may be made of.
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(
      `"${name}" must be a positive, finite number of ${name === 'maxTokenLength' ? 'characters' : 'seconds'}; got ${describeValue(value)}.`,
    );
  }
  return value;
}

// The longest delay setTimeout honours: beyond it, Node fires the timer at once.
const MAX_TIMER_DELAY = 2_147_483_647;

function timeoutMilliseconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === false) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIMER_DELAY) {
    const got = typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
    fail(
      `"${name}" must be a whole number of milliseconds from 1 to ${MAX_TIMER_DELAY}, or false to wait for ever; got ${got}.`,
    );
  }
  return value;
}

function tokenFieldName(name: string, value: unknown, fallback: string | false): string | undefined {
  const field = value === undefined ? fallback : value;
  if (field === false) return undefined;
  if (typeof field !== 'string' || field === '') {
    fail(`"${name}" must be a field name, or false to disable it; got ${JSON.stringify(field)}.`);
  }
  return field;
}

/**
 * Validates the options and normalises them once, at start-up, so that a misconfigured application
 * fails to boot with a message that says how to fix it, and the request path only reads.
 */
export function resolveJwtAuthOptions(options: JwtAuthOptions | undefined | null): ResolvedJwtAuthOptions {
  if (options === null || typeof options !== 'object') {
    fail(
      "options are missing: pass at least { secret } to forRoot(), or return it from forRootAsync()'s factory.",
    );
  }
  const leeway = options.leeway ?? 0;
  if (typeof leeway !== 'number' || !Number.isFinite(leeway) || leeway < 0) {
    fail(`"leeway" must be a finite number of seconds, 0 or more; got ${String(leeway)}.`);
  }
  const audience = options.audience;
  if (
    audience !== undefined &&
    !(typeof audience === 'string' && audience !== '') &&
    !(
      Array.isArray(audience) &&
      audience.length > 0 &&
      audience.every((a) => typeof a === 'string' && a !== '')
    )
  ) {
    fail('"audience" must be a non-empty string or a non-empty array of them.');
  }
  if (options.issuer !== undefined && (typeof options.issuer !== 'string' || options.issuer === '')) {
    fail('"issuer" must be a non-empty string.');
  }
  if (options.profile !== undefined) {
    if (options.profile !== 'at+jwt')
      fail(
        `"profile" must be 'at+jwt' (RFC 9068 access tokens), or left out; got ${JSON.stringify(options.profile)}.`,
      );
    if (options.issuer === undefined || audience === undefined) {
      fail(
        '"profile: \'at+jwt\'" needs "issuer" and "audience": RFC 9068 access tokens always name who issued them and the API they are for.',
      );
    }
  }
  const defaultClaims = options.defaultClaims ?? {};
  if (typeof defaultClaims !== 'object' || defaultClaims === null || Array.isArray(defaultClaims)) {
    fail('"defaultClaims" must be a plain object of claims.');
  }
  const httpHeader = options.httpHeader ?? 'Authorization';
  if (typeof httpHeader !== 'string' || !HTTP_TOKEN.test(httpHeader)) {
    fail(`"httpHeader" must be a header name; got ${JSON.stringify(httpHeader)}.`);
  }
  const authTypes = [options.authType ?? DEFAULT_AUTH_TYPES].flat();
  if (authTypes.length === 0 || !authTypes.every((t) => typeof t === 'string' && HTTP_TOKEN.test(t))) {
    fail('"authType" must be a scheme name such as "Bearer", or a non-empty array of them.');
  }
  const realm = options.realm ?? 'api';
  if (typeof realm !== 'string' || !PRINTABLE_QUOTABLE.test(realm)) {
    fail('"realm" must be printable ASCII without double quotes or backslashes.');
  }
  const defaultPermission = options.defaultPermission ?? Authenticated;
  if (typeof defaultPermission !== 'string' || defaultPermission === '') {
    fail('"defaultPermission" must be a permission name, such as Authenticated or Everyone.');
  }
  const logRouteReport = options.logRouteReport ?? false;
  if (typeof logRouteReport !== 'boolean') {
    fail(`"logRouteReport" must be true or false; got ${JSON.stringify(logRouteReport)}.`);
  }
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') {
    fail('"clock" must be a function returning milliseconds since the epoch.');
  }
  const requestUser = options.requestUser ?? false;
  if (typeof requestUser !== 'boolean' && typeof requestUser !== 'function') {
    fail(
      '"requestUser" must be true (the claims plus userId), false, or a function of the identity returning the user.',
    );
  }
  const isAuthorization = httpHeader.toLowerCase() === 'authorization';
  const keyOptions = resolveJwtKeyOptions(options);
  const issuers = options.issuers === undefined ? NO_ISSUERS : resolveIssuers(options.issuers);
  const listed = issuers.findIndex((entry) => entry.issuer === options.issuer);
  if (listed >= 0) {
    fail(
      `"issuer" ${JSON.stringify(options.issuer)} is also issuers[${listed}].issuer: a token's "iss" must name one entry. ` +
        "Keep the module's own keys for the tokens it issues, under another issuer, or move them into that entry's keys.",
    );
  }
  const expiration = positiveNumber('expiration', options.expiration, 3600);
  const dpop = resolveDpopOptions(options.dpop);
  if (dpop !== undefined && !isAuthorization) {
    fail(
      `"dpop" needs the Authorization header, where DPoP tokens are sent (RFC 9449 §7.1); "httpHeader" is ${JSON.stringify(httpHeader)}. Leave "httpHeader" out, or turn DPoP off.`,
    );
  }
  return Object.freeze({
    ...keyOptions,
    issuers,
    profile: options.profile,
    expiration,
    leeway,
    audience,
    issuer: options.issuer,
    defaultClaims: Object.freeze({ ...defaultClaims }),
    httpHeader: httpHeader.toLowerCase(),
    authTypes: new Set(isAuthorization ? authTypes.map((t) => t.toLowerCase()) : []),
    defaultPermission: normalizePermission(defaultPermission),
    acl: options.acl === undefined ? undefined : resolveAcl(options.acl, fail),
    scopePermissions: resolveScopePermissions(options.scopePermissions),
    wsAuthField: tokenFieldName('wsAuthField', options.wsAuthField, 'token'),
    wsQueryParam: tokenFieldName('wsQueryParam', options.wsQueryParam, false),
    rpcTokenField: tokenFieldName('rpcTokenField', options.rpcTokenField, 'access_token'),
    realm,
    maxTokenLength: positiveNumber('maxTokenLength', options.maxTokenLength, 8192),
    tokenCache: resolveTokenCacheOptions(options.tokenCache),
    groupFinderTimeout: timeoutMilliseconds('groupFinderTimeout', options.groupFinderTimeout, 5000),
    debug: options.debug === true,
    logRouteReport,
    clock,
    requestUser: requestUser === true ? passportStyleUser : requestUser === false ? undefined : requestUser,
    cookie: resolveCookieOptions(options.cookie, {
      expiration,
      httpHeader: httpHeader.toLowerCase(),
      key: keyOptions.keys.signing?.key,
    }),
    sessions: resolveSessionOptions(options.sessions),
    dpop,
    telemetry: resolveTelemetryOptions(options.telemetry),
  });
}

/**
 * `request.user` with `requestUser: true`: the claims, and `userId`, the token's `sub`, as
 * passport-jwt apps read it. A new object per request: passport code may change it.
 */
function passportStyleUser(identity: RequestIdentity): JwtRequestUser {
  return { ...identity.claims, userId: identity.userId! };
}
