import { SUPPORTED_ALGORITHMS_TEXT, isSupportedAlgorithm, type JwtAlgorithm } from './jwt-algorithm.constants';
import { resolveJwtKeys, type JwtKeySources, type ResolvedJwtKeys } from './key-input.parser';
import type { JwksOptions, ResolvedJwksOptions } from './jwks.client';

/**
 * The options of `JwtAuthOptions` that {@link resolveJwtKeyOptions} reads, not yet validated:
 * declared on the token side so that the token layer never depends on the module's options.
 */
export interface JwtKeyOptionSources extends Omit<JwtKeySources, 'algorithm'> {
  /** As `JwtAuthOptions.algorithm`. */
  algorithm?: JwtAlgorithm;
  /** As `JwtAuthOptions.algorithms`. */
  algorithms?: unknown;
  /** As `JwtAuthOptions.jwksUri`. */
  jwksUri?: unknown;
  /** As `JwtAuthOptions.jwksOptions`. */
  jwksOptions?: JwksOptions;
  /** As `JwtAuthOptions.issuer`, which a `jwksUri` requires. */
  issuer?: unknown;
}

/** The key-related options after start-up validation. */
export interface ResolvedJwtKeyOptions {
  /** The signing algorithm (the signing key's), or the default one of a verify-only service. */
  readonly algorithm: JwtAlgorithm;
  /** The algorithms a token's `alg` may name. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** The configured keys, as KeyObjects. */
  readonly keys: ResolvedJwtKeys;
  /** Where and how to fetch an identity provider's keys; `undefined` without `jwksUri`. */
  readonly jwks: ResolvedJwksOptions | undefined;
}

const JWKS_DEFAULTS: Required<JwksOptions> = { timeout: 5000, cacheMaxAge: 600_000, cooldown: 30_000, maxBytes: 65_536 };
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(message: string): never {
  throw new Error(`JwtAuthModule: ${message}`);
}

/**
 * Validates `algorithm`, `algorithms`, the keys (`secret`, `privateKey`, `publicKey`, or `keys` and
 * `signingKeyId`) and `jwksUri`/`jwksOptions`, turning every key into a `KeyObject` once.
 */
export function resolveJwtKeyOptions(options: JwtKeyOptionSources): ResolvedJwtKeyOptions {
  const jwks = resolveJwks(options);
  const hasLocalKey = [options.secret, options.privateKey, options.publicKey, options.keys].some((v) => v !== undefined);
  // An identity provider's keys are RSA almost everywhere (Auth0, Keycloak, Cognito, Entra ID): RS256.
  const algorithm = options.algorithm ?? (jwks && !hasLocalKey ? 'RS256' : 'HS512');
  if (!isSupportedAlgorithm(algorithm)) {
    fail(`unknown "algorithm" ${JSON.stringify(algorithm)}; use one of ${SUPPORTED_ALGORITHMS_TEXT}.`);
  }
  const keys = resolveJwtKeys({ ...options, algorithm }, jwks === undefined);
  const keyAlgorithms = [...new Set(keys.verification.flatMap((key) => key.algorithms))];
  return Object.freeze({
    algorithm: keys.signing?.algorithm ?? algorithm,
    algorithms: Object.freeze(resolveAllowList(options, keyAlgorithms, jwks ? algorithm : undefined)),
    keys,
    jwks,
  });
}

function resolveAllowList(options: JwtKeyOptionSources, keyAlgorithms: JwtAlgorithm[], remoteDefault: JwtAlgorithm | undefined): JwtAlgorithm[] {
  const listed: unknown = options.algorithms;
  if (listed === undefined) {
    const remote = remoteDefault && (options.algorithm !== undefined || keyAlgorithms.length === 0) ? [remoteDefault] : [];
    return [...new Set([...keyAlgorithms, ...remote])];
  }
  if (!Array.isArray(listed) || listed.length === 0) {
    fail(`"algorithms" must be a non-empty array of algorithm names, such as ['RS256']; supported: ${SUPPORTED_ALGORITHMS_TEXT}.`);
  }
  for (const name of listed) {
    if (!isSupportedAlgorithm(name)) {
      fail(`"algorithms" lists ${JSON.stringify(name)}, which is not supported (never "none"); use ${SUPPORTED_ALGORITHMS_TEXT}.`);
    }
    if (!keyAlgorithms.includes(name) && remoteDefault === undefined) {
      fail(`"algorithms" lists ${name}, but no configured key uses it: remove it, or add a key for it.`);
    }
  }
  for (const name of keyAlgorithms) {
    if (!listed.includes(name)) {
      fail(`a configured key uses ${name}, which "algorithms" does not list: add it, or remove that key.`);
    }
  }
  return [...new Set(listed as JwtAlgorithm[])];
}

function resolveJwks(options: JwtKeyOptionSources): ResolvedJwksOptions | undefined {
  const { jwksUri, jwksOptions } = options;
  if (jwksUri === undefined) {
    if (jwksOptions !== undefined) fail('"jwksOptions" is set, but "jwksUri" is not: set the provider\'s JWKS URL, or remove "jwksOptions".');
    return undefined;
  }
  let uri: URL;
  try {
    uri = new URL(String(jwksUri));
  } catch {
    fail(`"jwksUri" ${JSON.stringify(jwksUri)} is not a URL; use the provider's JWKS URL, such as https://YOUR_DOMAIN/.well-known/jwks.json.`);
  }
  if (uri.protocol !== 'https:' && !(uri.protocol === 'http:' && LOOPBACK.has(uri.hostname))) {
    fail(`"jwksUri" must be an https:// URL (plain http is only accepted on localhost): keys fetched in clear could be swapped in transit.`);
  }
  if (typeof options.issuer !== 'string' || options.issuer === '') {
    fail('"jwksUri" needs "issuer": the provider\'s issuer (the "iss" of its tokens, such as https://YOUR_DOMAIN/), so that ' +
      'tokens it signs for other tenants or applications are refused.');
  }
  if (jwksOptions !== undefined && (typeof jwksOptions !== 'object' || jwksOptions === null)) {
    fail('"jwksOptions" must be an object { timeout, cacheMaxAge, cooldown, maxBytes }.');
  }
  const resolved = { ...JWKS_DEFAULTS };
  for (const name of Object.keys(jwksOptions ?? {}) as (keyof JwksOptions)[]) {
    const value: unknown = jwksOptions![name];
    if (!(name in JWKS_DEFAULTS)) fail(`"jwksOptions.${String(name)}" is not an option; use timeout, cacheMaxAge, cooldown or maxBytes.`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && name !== 'cooldown')) {
      fail(`"jwksOptions.${name}" must be a positive, finite number (${name === 'maxBytes' ? 'bytes' : 'milliseconds'}); got ${String(value)}.`);
    }
    resolved[name] = value;
  }
  return Object.freeze({ uri, ...resolved });
}
