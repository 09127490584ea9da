import type { ModuleMetadata, Type } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { Authenticated } from './jwt-auth.constants';
import { normalizePermission } from './authorization/permission';
import type { GroupFinder } from './identity/group-finder';
import { isSupportedAlgorithm, toHmacKey, type JwtAlgorithm } from './token/jwt-keys';
import {
  resolveTokenCacheOptions,
  type ResolvedTokenCacheOptions,
  type TokenCacheOptions,
} from './token/verified-token-cache.options';

/**
 * How tokens are made and checked, and how the guard treats requests: pyramid_jwt's settings in
 * camelCase. Every field is validated when the application starts.
 */
export interface JwtAuthOptions {
  /**
   * The HMAC secret that signs and verifies tokens: a string (its UTF-8 bytes), a Buffer, or a
   * `KeyObject` from `crypto.createSecretKey()`. At least as long as the algorithm's hash
   * (HS256 32 bytes, HS384 48, HS512 64). Required.
   */
  secret?: string | Buffer | KeyObject;
  /** The signing algorithm, and the only one accepted when verifying. Default `'HS512'`, as pyramid_jwt. */
  algorithm?: JwtAlgorithm;
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
  /** The `realm` named in `WWW-Authenticate` challenges (RFC 6750 §3). Default `'api'`. */
  realm?: string;
  /** Tokens longer than this many characters are refused before any decoding. Default `8192`. */
  maxTokenLength?: number;
  /**
   * Remember tokens that passed every check, so a repeated token skips the signature check (the
   * time checks are still made on every request): `false` for none, or bounds
   * ({@link TokenCacheOptions}). Only successes are kept, none beyond its `exp`, and all are dropped
   * when the keys change. Claims of verified tokens are then frozen, as requests share them.
   * Default `{ maxEntries: 1000, maxTokenLength: 2048 }`.
   */
  tokenCache?: boolean | TokenCacheOptions;
  /** Log, through Nest's `Logger`, why each token was refused and each permission denied. Default `false`. */
  debug?: boolean;
  /**
   * The clock, in milliseconds since the epoch, used to stamp and check tokens. Default `Date.now`.
   * Meant for tests.
   */
  clock?: () => number;
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
  /** Modules the GroupFinder's dependencies (and an async options factory's) come from. */
  imports?: ModuleMetadata['imports'];
  /**
   * Register `JwtAuthGuard` as a global guard (`APP_GUARD`). Default `true`. With `false`, apply it
   * where wanted with `@UseGuards(JwtAuthGuard)`.
   */
  globalGuard?: boolean;
}

/** A class that builds the options, for `JwtAuthModule.forRootAsync({ useClass })`. */
export interface JwtAuthOptionsFactory {
  /** Returns the options, or a promise of them. */
  createJwtAuthOptions(): JwtAuthOptions | Promise<JwtAuthOptions>;
}

/** Options of `JwtAuthModule.forRootAsync()`: one of `useFactory`, `useClass` or `useExisting`. */
export interface JwtAuthModuleAsyncOptions extends JwtAuthModuleExtras {
  /** A factory returning the options; its arguments are the providers named in `inject`. */
  useFactory?: (...args: any[]) => JwtAuthOptions | Promise<JwtAuthOptions>;
  /** Providers injected into `useFactory`. */
  inject?: any[];
  /** A class instantiated by the module to build the options. */
  useClass?: Type<JwtAuthOptionsFactory>;
  /** An existing provider (from `imports`) that builds the options. */
  useExisting?: Type<JwtAuthOptionsFactory>;
}

/** The options after start-up validation: what the services and the guard read on each request. */
export interface ResolvedJwtAuthOptions {
  readonly algorithm: JwtAlgorithm;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly key: KeyObject;
  readonly expiration: number;
  readonly leeway: number;
  readonly audience: string | string[] | undefined;
  readonly issuer: string | undefined;
  readonly defaultClaims: Readonly<Record<string, unknown>>;
  /** Lower-cased header name, as Node exposes incoming headers. */
  readonly httpHeader: string;
  /** Lower-cased accepted schemes; empty when the header carries a bare token. */
  readonly authTypes: ReadonlySet<string>;
  readonly defaultPermission: string;
  readonly realm: string;
  readonly maxTokenLength: number;
  /** Bounds of the verified-token cache, or `false` for none. */
  readonly tokenCache: ResolvedTokenCacheOptions | false;
  readonly debug: boolean;
  readonly clock: () => number;
}

const DEFAULT_AUTH_TYPES = ['Bearer', 'JWT'];
// RFC 6750 §3: quoted auth-param values; a realm that breaks the quoting would break the header.
const PRINTABLE_QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// RFC 7230 token characters: what a header name or an auth scheme may be made of.
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function fail(message: string): never {
  throw new Error(`JwtAuthModule: ${message}`);
}

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(`"${name}" must be a positive, finite number of ${name === 'maxTokenLength' ? 'characters' : 'seconds'}; got ${String(value)}.`);
  }
  return value;
}

/**
 * Validates the options and normalises them once, at start-up, so that a misconfigured application
 * fails to boot with a message that says how to fix it, and the request path only reads.
 */
export function resolveJwtAuthOptions(options: JwtAuthOptions | undefined | null): ResolvedJwtAuthOptions {
  if (options === null || typeof options !== 'object') {
    fail('options are missing: pass at least { secret } to forRoot(), or return it from forRootAsync()\'s factory.');
  }
  const algorithm = options.algorithm ?? 'HS512';
  if (!isSupportedAlgorithm(algorithm)) {
    fail(`unknown "algorithm" ${JSON.stringify(algorithm)}; use one of HS256, HS384, HS512.`);
  }
  const leeway = options.leeway ?? 0;
  if (typeof leeway !== 'number' || !Number.isFinite(leeway) || leeway < 0) {
    fail(`"leeway" must be a finite number of seconds, 0 or more; got ${String(leeway)}.`);
  }
  const audience = options.audience;
  if (
    audience !== undefined &&
    !(typeof audience === 'string' && audience !== '') &&
    !(Array.isArray(audience) && audience.length > 0 && audience.every((a) => typeof a === 'string' && a !== ''))
  ) {
    fail('"audience" must be a non-empty string or a non-empty array of them.');
  }
  if (options.issuer !== undefined && (typeof options.issuer !== 'string' || options.issuer === '')) {
    fail('"issuer" must be a non-empty string.');
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
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') {
    fail('"clock" must be a function returning milliseconds since the epoch.');
  }
  const isAuthorization = httpHeader.toLowerCase() === 'authorization';
  return Object.freeze({
    algorithm,
    algorithms: Object.freeze([algorithm]),
    key: toHmacKey(options.secret, algorithm),
    expiration: positiveNumber('expiration', options.expiration, 3600),
    leeway,
    audience,
    issuer: options.issuer,
    defaultClaims: Object.freeze({ ...defaultClaims }),
    httpHeader: httpHeader.toLowerCase(),
    authTypes: new Set(isAuthorization ? authTypes.map((t) => t.toLowerCase()) : []),
    defaultPermission: normalizePermission(defaultPermission),
    realm,
    maxTokenLength: positiveNumber('maxTokenLength', options.maxTokenLength, 8192),
    tokenCache: resolveTokenCacheOptions(options.tokenCache),
    debug: options.debug === true,
    clock,
  });
}
