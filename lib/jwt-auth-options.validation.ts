import type { JwtAuthModuleAsyncOptions, JwtAuthModuleExtras, JwtAuthOptions } from './jwt-auth.options';
import { configError as fail } from './utils/config-error.util';

// Every key of each options object, checked by the compiler against its interface: adding an
// option without listing it here fails the build, so an unknown key can never be a real one.
const TOKEN_OPTION_KEYS: Record<keyof JwtAuthOptions, true> = {
  secret: true,
  privateKey: true,
  publicKey: true,
  algorithm: true,
  algorithms: true,
  keys: true,
  signingKeyId: true,
  jwksUri: true,
  jwksOptions: true,
  issuers: true,
  expiration: true,
  leeway: true,
  audience: true,
  issuer: true,
  defaultClaims: true,
  profile: true,
  httpHeader: true,
  authType: true,
  defaultPermission: true,
  wsAuthField: true,
  wsQueryParam: true,
  rpcTokenField: true,
  realm: true,
  maxTokenLength: true,
  acl: true,
  scopePermissions: true,
  tokenCache: true,
  debug: true,
  logRouteReport: true,
  groupFinderTimeout: true,
  clock: true,
  requestUser: true,
  cookie: true,
  sessions: true,
  dpop: true,
  telemetry: true,
};
const WIRING_KEYS: Record<keyof JwtAuthModuleExtras, true> = {
  groupFinder: true,
  sessionStore: true,
  imports: true,
  globalGuard: true,
  jwksRoute: true,
  resourceMetadata: true,
};
const ASYNC_SOURCE_KEYS: Record<Exclude<keyof JwtAuthModuleAsyncOptions, keyof JwtAuthModuleExtras>, true> = {
  useFactory: true,
  inject: true,
  useClass: true,
  useExisting: true,
};

// Names people bring from other libraries (@nestjs/jwt, jsonwebtoken, passport-jwt), and what
// this library calls them.
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  expiresIn: '"expiration", a number of seconds (expiresIn is @nestjs/jwt\'s name)',
  signOptions:
    'top-level options: "expiration", "algorithm", "audience", "issuer" (signOptions is @nestjs/jwt\'s)',
  verifyOptions:
    'top-level options: "algorithms", "audience", "issuer", "leeway" (verifyOptions is @nestjs/jwt\'s)',
  secretOrKey: '"secret", or "publicKey" for an asymmetric key (secretOrKey is passport-jwt\'s)',
  secretOrPrivateKey: '"secret", or "privateKey" for an asymmetric key',
  secretOrKeyProvider: '"jwksUri" for an identity provider\'s keys, or "keys" for several keys',
  jwtFromRequest: '"httpHeader" and "authType" for a header, or "cookie" for cookie mode',
  ignoreExpiration: 'nothing: "exp" is always checked; "leeway" tolerates clock skew',
  clockTolerance: '"leeway", in seconds',
  algorithmsAllowed: '"algorithms"',
  header: '"httpHeader"',
  cookieName: '"cookie": { name }',
};

const isKnown = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/** The option whose name differs from `key` only in case or by one typo, if any. */
function nearestKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(TOKEN_OPTION_KEYS).find(
    (known) => known.toLowerCase() === lower || editDistance(known, key) === 1,
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** What is wrong with `key`, where it was found, and where it belongs instead. */
function misplacedKey(key: string, where: 'forRoot' | 'factory'): string {
  if (isKnown(WIRING_KEYS, key)) {
    return (
      `"${key}" cannot be returned by forRootAsync()'s factory: it wires the module, which is built before the factory runs. ` +
      `Pass it to forRootAsync() itself, beside the factory: JwtAuthModule.forRootAsync({ ${key}, useFactory }).`
    );
  }
  const source = where === 'factory' ? "forRootAsync()'s factory returned" : 'forRoot() was given';
  if (isKnown(ASYNC_SOURCE_KEYS, key)) {
    return `${source} "${key}", which belongs to forRootAsync(): JwtAuthModule.forRootAsync({ ${key}, ... }).`;
  }
  const foreign = FOREIGN_NAMES[key];
  if (foreign !== undefined)
    return `${source} "${key}", which is not an option of this library: use ${foreign}.`;
  const nearest = nearestKey(key);
  return `${source} "${key}", which is not an option${nearest ? `: did you mean "${nearest}"?` : '.'} See docs/options.md for the list.`;
}

/**
 * Refuses keys the options of `forRoot()` (after its wiring keys) or of `forRootAsync()`'s factory
 * may not hold: the module's wiring (from the factory), `forRootAsync()`'s own keys, names from
 * other libraries and typos. Such a key would otherwise be silently ignored.
 */
export function checkTokenOptionKeys(options: object, where: 'forRoot' | 'factory'): void {
  for (const key of Object.keys(options)) {
    if (!isKnown(TOKEN_OPTION_KEYS, key)) fail(misplacedKey(key, where));
  }
}

/**
 * Refuses keys `forRootAsync()` does not read: a token option there (it belongs in what the factory
 * returns), or a key that exists nowhere.
 */
export function checkAsyncOptionKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (isKnown(WIRING_KEYS, key) || isKnown(ASYNC_SOURCE_KEYS, key)) continue;
    if (isKnown(TOKEN_OPTION_KEYS, key)) {
      fail(
        `forRootAsync() was given "${key}", which its factory must return instead: ` +
          `JwtAuthModule.forRootAsync({ useFactory: () => ({ ${key}, ... }) }).`,
      );
    }
    const nearest = Object.keys({ ...WIRING_KEYS, ...ASYNC_SOURCE_KEYS }).find(
      (known) => editDistance(known, key) <= 1,
    );
    fail(
      `forRootAsync() was given "${key}", which is not one of its keys${nearest ? `: did you mean "${nearest}"?` : '.'}`,
    );
  }
}
