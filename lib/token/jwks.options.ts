import { configError } from '../utils/config-error.util';
import { isTrustedTransport } from '../utils/loopback.util';
import {
  resolveRemoteDocumentOptions,
  type RemoteDocumentOptions,
  type ResolvedRemoteDocumentOptions,
} from '../utils/remote-document.options';

/** How the JWK Set at `jwksUri` is fetched and cached. Every field is optional. */
export type JwksOptions = RemoteDocumentOptions;

/** The JWKS settings after start-up validation: the fetch limits, every one set, and the URL. */
export interface ResolvedJwksOptions extends ResolvedRemoteDocumentOptions {
  /** `jwksUri`, parsed. */
  readonly uri: URL;
}

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
    if (jwksOptions !== undefined)
      configError(
        '"jwksOptions" is set, but "jwksUri" is not: set the provider\'s JWKS URL, or remove "jwksOptions".',
      );
    return undefined;
  }
  let uri: URL;
  try {
    uri = new URL(jwksUri as string);
  } catch {
    configError(
      `"jwksUri" ${JSON.stringify(jwksUri)} is not a URL; use the provider's JWKS URL, such as https://YOUR_DOMAIN/.well-known/jwks.json.`,
    );
  }
  if (!isTrustedTransport(uri)) {
    configError(
      `"jwksUri" must be an https:// URL (plain http is only accepted on localhost): keys fetched in clear could be swapped in transit.`,
    );
  }
  if (typeof issuer !== 'string' || issuer === '') {
    configError(
      '"jwksUri" needs "issuer": the provider\'s issuer (the "iss" of its tokens, such as https://YOUR_DOMAIN/), so that ' +
        'tokens it signs for other tenants or applications are refused.',
    );
  }
  const resolved = resolveRemoteDocumentOptions(jwksOptions, (field) =>
    field === undefined ? '"jwksOptions"' : `"jwksOptions.${field}"`,
  );
  return Object.freeze({ uri, ...resolved });
}
