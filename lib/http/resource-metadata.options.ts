import { SCOPE_TOKEN } from '../authorization/scope.util';
import { configError, describeValue } from '../utils/config-error.util';
import { isTrustedTransport } from '../utils/loopback.util';

/**
 * The protected resource metadata (RFC 9728) the API publishes, so that OAuth clients discover
 * which authorization servers issue its tokens and which scopes to ask for. Only `resource` is
 * required: the rest is found from the other options and the application's routes.
 */
export interface ResourceMetadataOptions {
  /**
   * The API's resource identifier: the URL clients call it by, and the resource indicator (RFC
   * 8707) its tokens are issued for, usually its `audience`, such as `'https://api.example.com'`.
   * https (http on localhost only), without query or fragment. The metadata is served at its
   * origin's `/.well-known/oauth-protected-resource`, followed by its path if it has one
   * (`https://example.com/orders` → `/.well-known/oauth-protected-resource/orders`).
   */
  resource: string;
  /**
   * The issuer identifiers of the authorization servers whose tokens the API accepts. Default: each
   * `issuers[].issuer` that is an http(s) URL, and `issuer` when the module's keys come from `jwksUri`.
   */
  authorizationServers?: readonly string[];
  /**
   * The scopes clients may ask for. Default: those of every guarded route's `@Scopes()` and the
   * keys of `scopePermissions`, sorted.
   */
  scopesSupported?: readonly string[];
  /** A human-readable name of the API (`resource_name`). Default: none. */
  resourceName?: string;
  /** A URL of documentation for developers (`resource_documentation`). Default: none. */
  resourceDocumentation?: string;
}

/** {@link ResourceMetadataOptions} after start-up validation, frozen. */
export interface ResolvedResourceMetadataOptions {
  /** As {@link ResourceMetadataOptions.resource}, exactly as given: clients compare it as a string. */
  readonly resource: string;
  /** The path the metadata is served at, before any global prefix. */
  readonly path: string;
  /** The metadata's URL, which 401 challenges name in `resource_metadata` (RFC 9728 §5.1). */
  readonly url: string;
  readonly authorizationServers: readonly string[] | undefined;
  readonly scopesSupported: readonly string[] | undefined;
  readonly resourceName: string | undefined;
  readonly resourceDocumentation: string | undefined;
}

/** The well-known path segment of RFC 9728 §3. */
export const RESOURCE_METADATA_WELL_KNOWN = '/.well-known/oauth-protected-resource';

const KEYS = new Set([
  'resource',
  'authorizationServers',
  'scopesSupported',
  'resourceName',
  'resourceDocumentation',
]);
// A path Nest serves as written: no route parameters, wildcards or percent-escapes.
const LITERAL_PATH = /^\/[A-Za-z0-9._~\-/]*$/;
// Characters a quoted auth-param may hold without escaping (RFC 9110 §11.2), and a JSON string too.
const PRINTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function resolveResource(value: unknown): { resource: string; path: string; url: string } {
  const url = parseUrl(value);
  if (
    url === undefined ||
    !isTrustedTransport(url) ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    (value as string).includes('#') ||
    (value as string).includes('?')
  ) {
    configError(
      `"resourceMetadata.resource" must be the API's https URL (http on localhost only), without credentials, query or fragment, ` +
        `such as 'https://api.example.com'; got ${describeValue(value)}.`,
    );
  }
  // RFC 9728 §3.1: the well-known segment goes between the host and the path, a lone "/" dropped.
  const suffix = url.pathname === '/' ? '' : url.pathname;
  const path = RESOURCE_METADATA_WELL_KNOWN + suffix;
  if (!LITERAL_PATH.test(path) || !PRINTABLE.test(value as string)) {
    configError(
      `"resourceMetadata.resource" ${JSON.stringify(value)} has a path with characters a route cannot serve as written; use letters, digits and . _ ~ - / only.`,
    );
  }
  return { resource: value as string, path, url: url.origin + path };
}

function resolveUrls(value: unknown, where: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((item) => {
      const url = parseUrl(item);
      return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:');
    })
  ) {
    configError(
      `"resourceMetadata.${where}" must be an array of issuer URLs, such as ['https://sso.example.com/realms/acme']; got ${describeValue(value)}.`,
    );
  }
  return Object.freeze([...new Set(value as string[])]);
}

function resolveScopes(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope))
  ) {
    configError(
      `"resourceMetadata.scopesSupported" must be an array of scope names (printable ASCII without spaces, quotes or backslashes); got ${describeValue(value)}.`,
    );
  }
  return Object.freeze([...new Set(value as string[])]);
}

function optionalText(value: unknown, where: string, isUrl: boolean): string | undefined {
  if (value === undefined) return undefined;
  const valid = isUrl
    ? parseUrl(value)?.protocol === 'https:' || parseUrl(value)?.protocol === 'http:'
    : typeof value === 'string' && value.trim() !== '';
  if (!valid) {
    configError(
      `"resourceMetadata.${where}" must be ${isUrl ? 'an http(s) URL' : 'a non-empty string'}; got ${describeValue(value)}.`,
    );
  }
  return value as string;
}

/**
 * Validates the `resourceMetadata` option when the module is built (the route it adds must be
 * known then), with a message that says how to fix it.
 */
export function resolveResourceMetadataOptions(option: unknown): ResolvedResourceMetadataOptions {
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    configError(`"resourceMetadata" must be an object such as { resource: 'https://api.example.com' }.`);
  }
  for (const key of Object.keys(option)) {
    if (!KEYS.has(key))
      configError(
        `"resourceMetadata" has no option ${JSON.stringify(key)}; its options are ${[...KEYS].join(', ')}.`,
      );
  }
  const options = option as Record<string, unknown>;
  return Object.freeze({
    ...resolveResource(options.resource),
    authorizationServers: resolveUrls(options.authorizationServers, 'authorizationServers'),
    scopesSupported: resolveScopes(options.scopesSupported),
    resourceName: optionalText(options.resourceName, 'resourceName', false),
    resourceDocumentation: optionalText(options.resourceDocumentation, 'resourceDocumentation', true),
  });
}
