import {
  isSupportedAlgorithm,
  JWT_ALGORITHMS,
  SUPPORTED_ALGORITHMS_TEXT,
  type JwtAlgorithm,
} from '../token/jwt-algorithm.constants';
import type { JwtVerificationKey } from '../token/jwt-key.interface';
import { resolveVerificationKeys, type JwtKeyOptions } from '../token/jwt-key.options';
import { compileClaimsMapper, type ClaimsMapper } from './claims-mapping.mapper';
import { resolveClaimMappings, type ClaimMapping } from './claims-mapping.options';
import { configError } from '../utils/config-error.util';
import { isTrustedTransport } from '../utils/loopback.util';
import {
  resolveRemoteDocumentOptions,
  type RemoteDocumentOptions,
  type ResolvedRemoteDocumentOptions,
} from '../utils/remote-document.options';
import type { ResolvedOidcDiscoveryOptions } from './oidc-discovery.client';
import { discoveryUrl, type OidcDiscoveryKind } from './oidc-discovery.parser';

/** Limits on fetching an issuer's discovery document and JWK Set (each document fetched on its own). Every field is optional. */
export type IssuerFetchOptions = RemoteDocumentOptions;

/**
 * One identity provider whose access tokens the service accepts (an entry of `issuers`). A token
 * is matched to its entry by its `iss`, exactly, before anything else is done with it; a token of
 * an issuer no entry names is refused without a fetch.
 *
 * Keys come from one of `keys`, `jwksUri` or `discovery`; with none of them, from OpenID Connect
 * discovery: `{ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }` is enough.
 */
export interface IssuerOptions {
  /**
   * The issuer, exactly as its tokens name it in `iss`, trailing slash included or not
   * (`https://acme.eu.auth0.com/` has one, Keycloak's `https://sso.example.com/realms/acme` does
   * not). An https URL (http on localhost only) unless its keys are configured in `keys`.
   */
  issuer: string;
  /**
   * The audience this service is known by at the provider: a token's `aud` must name one of them,
   * so that tokens the provider issues for other applications are refused. Required.
   */
  audience: string | readonly string[];
  /**
   * The claim that must name one of `audience`: `'aud'` (RFC 7519), or `'client_id'` for Amazon
   * Cognito's access tokens, which have no `aud`: `audience` then lists the app client ids whose
   * tokens are accepted (and Cognito's ID tokens, which have no `client_id`, are refused).
   * Default `'aud'`.
   */
  audienceClaim?: 'aud' | 'client_id';
  /**
   * The algorithms its tokens may be signed with. Default `['RS256']`, which Keycloak, Entra ID,
   * Cognito and Auth0 use. HMAC ones only with `keys` (a shared secret cannot come from a JWK Set).
   */
  algorithms?: readonly JwtAlgorithm[];
  /** Its verification keys, configured here (public keys, or a shared secret). Not with `jwksUri` or `discovery`. */
  keys?: readonly JwtKeyOptions[];
  /** Its JWK Set URL, https (http on localhost only). Not with `keys` or `discovery`. */
  jwksUri?: string;
  /**
   * Find its JWK Set URL in its discovery document: `true` or `'openid-configuration'` for
   * OpenID Connect Discovery (`<issuer>/.well-known/openid-configuration`),
   * `'oauth-authorization-server'` for RFC 8414. The default when neither `keys` nor `jwksUri` is set.
   */
  discovery?: boolean | OidcDiscoveryKind;
  /**
   * Origins besides the issuer's own on which its discovery document may place `jwks_uri`, such as
   * `['https://www.googleapis.com']` for Google. Default: none, so a document pointing elsewhere is refused.
   */
  jwksOrigins?: readonly string[];
  /** How its discovery document and JWK Set are fetched. */
  fetch?: IssuerFetchOptions;
  /**
   * Which of its claims become principals, beside the user id and the GroupFinder's groups: rules,
   * or a preset (`keycloakClaims()`, `entraIdClaims()`, `cognitoClaims()`, `auth0Claims()`,
   * `scopeClaims()`), or several spread into one array. Default: none.
   */
  claims?: readonly ClaimMapping[];
  /**
   * `'at+jwt'`: accept only access tokens of the RFC 9068 profile, whose header says
   * `typ: at+jwt`, so that an ID token of the same provider is never taken for an access token.
   * Default: none (most providers do not set `typ` on their access tokens).
   */
  profile?: 'at+jwt';
}

/** Where an issuer's keys come from, after start-up validation. */
export type ResolvedIssuerKeys =
  | { readonly source: 'keys'; readonly keys: readonly JwtVerificationKey[] }
  | { readonly source: 'jwks'; readonly jwksUri: URL }
  | { readonly source: 'discovery'; readonly discovery: ResolvedOidcDiscoveryOptions };

/** An `issuers` entry after start-up validation, frozen: the request path only reads it. */
export interface ResolvedIssuer {
  /** As {@link IssuerOptions.issuer}. */
  readonly issuer: string;
  /** The accepted audiences, as an array. */
  readonly audiences: readonly string[];
  /** As {@link IssuerOptions.audienceClaim}, defaulted. */
  readonly audienceClaim: 'aud' | 'client_id';
  /** The accepted algorithms. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** Where its keys come from. */
  readonly keys: ResolvedIssuerKeys;
  /** The fetch limits, every field set. */
  readonly fetch: ResolvedRemoteDocumentOptions;
  /** Its claim mappings, compiled. */
  readonly mapClaims: ClaimsMapper;
  /** How many claim mappings it has: none makes {@link mapClaims} map nothing. */
  readonly claimMappings: number;
  /** As {@link IssuerOptions.profile}. */
  readonly profile: 'at+jwt' | undefined;
}

const ISSUER_KEYS = new Set([
  'issuer',
  'audience',
  'algorithms',
  'keys',
  'jwksUri',
  'discovery',
  'jwksOrigins',
  'fetch',
  'claims',
  'profile',
  'audienceClaim',
]);

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** An http(s) URL without credentials, query or fragment, fetched over https (or http on loopback). */
function trustedUrl(value: unknown, where: string, example: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== ''
  ) {
    configError(
      `${where} ${JSON.stringify(value)} is not an http(s) URL without credentials; use one such as ${example}.`,
    );
  }
  if (!isTrustedTransport(url))
    configError(
      `${where} must be an https:// URL (plain http is only accepted on localhost): keys fetched in clear could be swapped in transit.`,
    );
  return url;
}

function resolveAudiences(audience: unknown, where: string): readonly string[] {
  const audiences = typeof audience === 'string' ? [audience] : audience;
  if (!Array.isArray(audiences) || audiences.length === 0 || !audiences.every(isNonEmptyString)) {
    configError(
      `${where}.audience is required: the name this API has at the provider (a non-empty string or array of them), ` +
        'so that tokens the provider issues for other applications are refused.',
    );
  }
  return Object.freeze([...audiences]);
}

function resolveAlgorithms(algorithms: unknown, where: string, remoteKeys: boolean): readonly JwtAlgorithm[] {
  if (algorithms === undefined) return Object.freeze(['RS256'] as JwtAlgorithm[]);
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    configError(`${where}.algorithms must be a non-empty array, such as ['RS256'].`);
  for (const name of algorithms) {
    if (!isSupportedAlgorithm(name))
      configError(
        `${where}.algorithms lists ${JSON.stringify(name)}, which is not supported (never "none"); use ${SUPPORTED_ALGORITHMS_TEXT}.`,
      );
    if (remoteKeys && JWT_ALGORITHMS[name].family === 'hmac') {
      configError(
        `${where}.algorithms lists ${name}, but its keys are fetched: a shared secret is never published. Configure it in ${where}.keys instead.`,
      );
    }
  }
  return Object.freeze([...new Set(algorithms as JwtAlgorithm[])]);
}

// Configured keys: their own algorithms, each of which `algorithms` must list when it is given.
function keyAlgorithms(
  keys: readonly JwtVerificationKey[],
  listed: readonly JwtAlgorithm[] | undefined,
  where: string,
): readonly JwtAlgorithm[] {
  const used = [...new Set(keys.flatMap((key) => key.algorithms))];
  if (listed === undefined) return Object.freeze(used);
  for (const name of used) {
    if (!listed.includes(name))
      configError(
        `${where}.keys has a key for ${name}, which ${where}.algorithms does not list: add it, or remove that key.`,
      );
  }
  return listed;
}

function resolveFetch(fetch: unknown, where: string): ResolvedRemoteDocumentOptions {
  return resolveRemoteDocumentOptions(fetch, (field) =>
    field === undefined ? `${where}.fetch` : `${where}.fetch.${field}`,
  );
}

function resolveJwksOrigins(origins: unknown, where: string): readonly string[] {
  if (origins === undefined) return Object.freeze([]);
  if (!Array.isArray(origins))
    configError(`${where}.jwksOrigins must be an array of origins, such as ['https://www.googleapis.com'].`);
  return Object.freeze(
    origins.map((origin: unknown) => {
      const url = trustedUrl(origin, `${where}.jwksOrigins`, 'https://www.googleapis.com');
      if (url.origin !== origin)
        configError(
          `${where}.jwksOrigins lists ${JSON.stringify(origin)}, which is not an origin; write it as ${JSON.stringify(url.origin)}.`,
        );
      return url.origin;
    }),
  );
}

function resolveKeys(
  entry: Record<string, unknown>,
  where: string,
  algorithms: readonly JwtAlgorithm[],
  fetch: ResolvedRemoteDocumentOptions,
): ResolvedIssuerKeys {
  const { issuer, keys, jwksUri, discovery, jwksOrigins } = entry;
  const given = (['keys', 'jwksUri', 'discovery'] as const).filter(
    (name) => entry[name] !== undefined && entry[name] !== false,
  );
  if (given.length > 1)
    configError(
      `${where} sets ${given.join(' and ')}: its keys come from one of keys, jwksUri or discovery; keep one.`,
    );
  if (jwksOrigins !== undefined && given[0] !== 'discovery' && given.length > 0) {
    configError(
      `${where}.jwksOrigins only applies to discovery: remove it, or drop ${given[0]} to discover the keys.`,
    );
  }
  if (keys !== undefined) {
    if (!Array.isArray(keys) || keys.length === 0)
      configError(
        `${where}.keys must be a non-empty array of { kid, publicKey } (or { kid, secret }) entries.`,
      );
    return Object.freeze({
      source: 'keys',
      keys: resolveVerificationKeys(keys, algorithms[0], `${where}.keys`),
    });
  }
  if (jwksUri !== undefined) {
    return Object.freeze({
      source: 'jwks',
      jwksUri: trustedUrl(jwksUri, `${where}.jwksUri`, 'https://YOUR_DOMAIN/.well-known/jwks.json'),
    });
  }
  if (discovery === false)
    configError(
      `${where}.discovery is false, and neither keys nor jwksUri is set: say where its keys come from.`,
    );
  if (
    discovery !== undefined &&
    discovery !== true &&
    discovery !== 'openid-configuration' &&
    discovery !== 'oauth-authorization-server'
  ) {
    configError(
      `${where}.discovery must be true, 'openid-configuration' or 'oauth-authorization-server' (RFC 8414); got ${JSON.stringify(discovery)}.`,
    );
  }
  const issuerUrl = trustedUrl(issuer, `${where}.issuer`, 'https://sso.example.com/realms/acme');
  if (issuerUrl.search !== '' || issuerUrl.hash !== '')
    configError(
      `${where}.issuer must have no query or fragment to be discovered (OpenID Connect Discovery §2).`,
    );
  const kind: OidcDiscoveryKind =
    discovery === 'oauth-authorization-server' ? discovery : 'openid-configuration';
  return Object.freeze({
    source: 'discovery',
    discovery: Object.freeze({
      issuer: issuer as string,
      jwksOrigins: resolveJwksOrigins(jwksOrigins, where),
      url: discoveryUrl(issuer as string, kind),
      ...fetch,
    }),
  });
}

function resolveIssuer(entry: unknown, where: string): ResolvedIssuer {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    configError(`${where} must be an object { issuer, audience, ... }.`);
  const options = entry as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!ISSUER_KEYS.has(key))
      configError(`${where}.${key} is not an option; an issuer has ${[...ISSUER_KEYS].join(', ')}.`);
  }
  if (!isNonEmptyString(options.issuer))
    configError(
      `${where}.issuer must be the provider's issuer, exactly as its tokens' "iss", such as https://sso.example.com/realms/acme.`,
    );
  const { audienceClaim = 'aud' } = options;
  if (audienceClaim !== 'aud' && audienceClaim !== 'client_id')
    configError(
      `${where}.audienceClaim must be 'aud' (the default) or 'client_id' (Amazon Cognito's access tokens); got ${JSON.stringify(audienceClaim)}.`,
    );
  if (options.profile !== undefined && options.profile !== 'at+jwt')
    configError(`${where}.profile must be 'at+jwt' (RFC 9068), or left out.`);
  const fetch = resolveFetch(options.fetch, where);
  const listed = resolveAlgorithms(options.algorithms, where, options.keys === undefined);
  const keys = resolveKeys(options, where, listed, fetch);
  const mappings = resolveClaimMappings(options.claims ?? [], `${where}.claims`);
  return Object.freeze({
    issuer: options.issuer,
    audiences: resolveAudiences(options.audience, where),
    audienceClaim,
    algorithms:
      keys.source === 'keys'
        ? keyAlgorithms(keys.keys, options.algorithms === undefined ? undefined : listed, where)
        : listed,
    keys,
    fetch,
    mapClaims: compileClaimsMapper(mappings),
    claimMappings: mappings.length,
    profile: options.profile,
  });
}

/**
 * Validates the `issuers` option at start-up: every entry resolved (URLs parsed, defaults set,
 * claim mappings compiled), and no issuer listed twice. Throws with a message that says how to fix
 * it. Key material in `keys` is left to the token layer's key parser.
 */
export function resolveIssuers(issuers: unknown): readonly ResolvedIssuer[] {
  if (!Array.isArray(issuers) || issuers.length === 0)
    configError(
      '"issuers" must be a non-empty array of { issuer, audience, ... } entries, one per identity provider.',
    );
  const seen = new Set<string>();
  return Object.freeze(
    issuers.map((entry: unknown, index) => {
      const resolved = resolveIssuer(entry, `issuers[${index}]`);
      if (seen.has(resolved.issuer)) {
        configError(
          `issuers[${index}].issuer ${JSON.stringify(resolved.issuer)} is listed twice: merge the entries (give "audience" as an array).`,
        );
      }
      seen.add(resolved.issuer);
      return resolved;
    }),
  );
}
