import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { ResolvedResourceMetadataOptions } from './resource-metadata.options';

/**
 * The protected resource metadata document (RFC 9728 §2) served by the `resourceMetadata` route.
 * A field is left out when it would say nothing true: no authorization server or scope known, and
 * never `resource_signing_alg_values_supported` (the API does not sign its responses) nor the DPoP
 * fields (it does not check DPoP proofs).
 */
export interface ProtectedResourceMetadata {
  /** The resource identifier, exactly as configured. */
  readonly resource: string;
  /** The issuer identifiers of the authorization servers whose tokens the API accepts. */
  readonly authorization_servers?: readonly string[];
  /** The scopes that routes require or that grant permissions, sorted. */
  readonly scopes_supported?: readonly string[];
  /** `['header']` when the token is read from `Authorization: Bearer`; `[]` otherwise (RFC 6750 §2). */
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name?: string;
  readonly resource_documentation?: string;
}

/** What the document is built from, besides the metadata options. */
export type ResourceMetadataSources = Pick<
  ResolvedJwtAuthOptions,
  'issuers' | 'issuer' | 'jwks' | 'httpHeader' | 'authTypes' | 'scopePermissions'
>;

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The authorization servers by default: every `issuers` entry named by a URL (an issuer known by
 * its keys alone may not be), and `issuer` when the module's own keys come from `jwksUri`, that is
 * from a provider, not from tokens the API signs.
 */
function defaultAuthorizationServers(options: ResourceMetadataSources): string[] {
  const servers = options.issuers.map((entry) => entry.issuer).filter(isHttpUrl);
  if (options.jwks !== undefined && options.issuer !== undefined && isHttpUrl(options.issuer))
    servers.push(options.issuer);
  return [...new Set(servers)];
}

/**
 * The metadata document, built once at start-up: explicit options win; otherwise the authorization
 * servers come from the issuers, and the scopes from `routeScopes` (those of the guarded routes'
 * `@Scopes()`) and `scopePermissions`.
 */
export function buildResourceMetadata(
  metadata: ResolvedResourceMetadataOptions,
  options: ResourceMetadataSources,
  routeScopes: Iterable<string>,
): ProtectedResourceMetadata {
  const servers = metadata.authorizationServers ?? defaultAuthorizationServers(options);
  const scopes =
    metadata.scopesSupported ?? [...new Set([...routeScopes, ...options.scopePermissions.scopes])].sort();
  const bearerHeader = options.httpHeader === 'authorization' && options.authTypes.has('bearer');
  return Object.freeze({
    resource: metadata.resource,
    ...(servers.length > 0 && { authorization_servers: Object.freeze([...servers]) }),
    ...(scopes.length > 0 && { scopes_supported: Object.freeze([...scopes]) }),
    bearer_methods_supported: Object.freeze(bearerHeader ? ['header'] : []),
    ...(metadata.resourceName !== undefined && { resource_name: metadata.resourceName }),
    ...(metadata.resourceDocumentation !== undefined && {
      resource_documentation: metadata.resourceDocumentation,
    }),
  });
}
