import { configError } from '../utils/config-error.util';

/** How the JWK Set at `jwksUri` is fetched and cached. Every field is optional. */
export interface JwksOptions {
  /** Give up on a fetch after this many milliseconds (connection and body together). Default `5000`. */
  timeout?: number;
  /**
   * Refetch the set in the background once it is this many milliseconds old, on the next token that
   * needs it, a token served from the token cache included: a key the provider withdraws stops being
   * trusted about this long after the set was fetched. Default `600000` (10 minutes).
   */
  cacheMaxAge?: number;
  /**
   * At most one fetch per this many milliseconds, whatever triggers it: so that a flood of tokens
   * naming unknown `kid`s cannot hammer the provider, nor a provider that is down. Default `30000`.
   */
  cooldown?: number;
  /** Refuse a JWK Set larger than this many bytes. Default `65536`. */
  maxBytes?: number;
}

/** The JWKS settings after start-up validation. */
export interface ResolvedJwksOptions {
  /** `jwksUri`, parsed. */
  readonly uri: URL;
  /** `jwksOptions.timeout`, in milliseconds. */
  readonly timeout: number;
  /** `jwksOptions.cacheMaxAge`, in milliseconds. */
  readonly cacheMaxAge: number;
  /** `jwksOptions.cooldown`, in milliseconds. */
  readonly cooldown: number;
  /** `jwksOptions.maxBytes`. */
  readonly maxBytes: number;
}

const JWKS_DEFAULTS: Required<JwksOptions> = { timeout: 5000, cacheMaxAge: 600_000, cooldown: 30_000, maxBytes: 65_536 };
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The options of `JwtAuthOptions` that {@link resolveJwksOptions} reads, not yet validated. */
export interface JwksOptionSources {
  /** As `JwtAuthOptions.jwksUri`. */
  readonly jwksUri?: unknown;
  /** As `JwtAuthOptions.jwksOptions`. */
  readonly jwksOptions?: unknown;
  /** As `JwtAuthOptions.issuer`: required with `jwksUri`. */
  readonly issuer?: unknown;
}

/**
 * Validates `jwksUri` and `jwksOptions` at start-up: `undefined` without `jwksUri`, else the URL
 * (https, or http on loopback) with every setting defaulted.
 */
export function resolveJwksOptions(options: JwksOptionSources): ResolvedJwksOptions | undefined {
  const { jwksUri, issuer } = options;
  const jwksOptions = options.jwksOptions as JwksOptions | undefined;
  if (jwksUri === undefined) {
    if (jwksOptions !== undefined) configError('"jwksOptions" is set, but "jwksUri" is not: set the provider\'s JWKS URL, or remove "jwksOptions".');
    return undefined;
  }
  let uri: URL;
  try {
    uri = new URL(String(jwksUri));
  } catch {
    configError(`"jwksUri" ${JSON.stringify(jwksUri)} is not a URL; use the provider's JWKS URL, such as https://YOUR_DOMAIN/.well-known/jwks.json.`);
  }
  if (uri.protocol !== 'https:' && !(uri.protocol === 'http:' && LOOPBACK.has(uri.hostname))) {
    configError(`"jwksUri" must be an https:// URL (plain http is only accepted on localhost): keys fetched in clear could be swapped in transit.`);
  }
  if (typeof issuer !== 'string' || issuer === '') {
    configError('"jwksUri" needs "issuer": the provider\'s issuer (the "iss" of its tokens, such as https://YOUR_DOMAIN/), so that ' +
      'tokens it signs for other tenants or applications are refused.');
  }
  if (jwksOptions !== undefined && (typeof jwksOptions !== 'object' || jwksOptions === null)) {
    configError('"jwksOptions" must be an object { timeout, cacheMaxAge, cooldown, maxBytes }.');
  }
  const resolved = { ...JWKS_DEFAULTS };
  for (const name of Object.keys(jwksOptions ?? {}) as (keyof JwksOptions)[]) {
    const value: unknown = jwksOptions![name];
    if (!(name in JWKS_DEFAULTS)) configError(`"jwksOptions.${String(name)}" is not an option; use timeout, cacheMaxAge, cooldown or maxBytes.`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && name !== 'cooldown')) {
      configError(`"jwksOptions.${name}" must be a positive, finite number (${name === 'maxBytes' ? 'bytes' : 'milliseconds'}); got ${String(value)}.`);
    }
    resolved[name] = value;
  }
  return Object.freeze({ uri, ...resolved });
}
