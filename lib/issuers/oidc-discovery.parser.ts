import { isLoopbackUrl } from '../utils/loopback.util';
import { discoveryError, type OidcDiscoveryError } from './oidc-discovery.errors';

/**
 * Which well-known document describes the issuer: OpenID Connect Discovery
 * (`/.well-known/openid-configuration`, appended to the issuer) or RFC 8414
 * (`/.well-known/oauth-authorization-server`, inserted before the issuer's path).
 */
export type OidcDiscoveryKind = 'openid-configuration' | 'oauth-authorization-server';

/** What a discovery document must agree with: the configuration's issuer and trusted origins. */
export interface OidcDiscoveryExpectation {
  /** The configured issuer, exactly as tokens name it in `iss`. */
  readonly issuer: string;
  /** Origins besides the issuer's on which `jwks_uri` may be, such as `https://www.googleapis.com`. */
  readonly jwksOrigins: readonly string[];
}

/** What the service takes from a discovery document, once checked. */
export interface OidcProviderMetadata {
  /** The issuer, identical to the configured one. */
  readonly issuer: string;
  /** Where the provider publishes its signing keys. */
  readonly jwksUri: URL;
}

/** A checked document, or why it was refused. */
export type OidcDiscoveryParseResult =
  | { readonly metadata: OidcProviderMetadata; readonly error?: undefined }
  | { readonly metadata?: undefined; readonly error: OidcDiscoveryError };

/**
 * The URL of the issuer's discovery document. `issuer` must be a valid URL (checked at start-up).
 * OpenID Connect appends the well-known path to the issuer; RFC 8414 §3.1 inserts it between the
 * host and the issuer's path, so that several issuers on one host each have their own.
 */
export function discoveryUrl(issuer: string, kind: OidcDiscoveryKind): URL {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname =
    kind === 'openid-configuration'
      ? `${path}/.well-known/openid-configuration`
      : `/.well-known/oauth-authorization-server${path}`;
  return url;
}

function refused(code: OidcDiscoveryError['code'], detail?: string): OidcDiscoveryParseResult {
  return { error: discoveryError(code, detail) };
}

// What a document may say, kept short for a log line: a lying document must not flood the logs.
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/**
 * Checks a discovery document's text against the configuration: a JSON object whose `issuer` is
 * exactly the configured one and whose `jwks_uri` is an absolute URL, https (http only when issuer
 * and keys are both on loopback), on the issuer's origin or one the configuration lists. Never
 * throws: a document that lies is a refusal with its code.
 */
export function parseDiscoveryDocument(
  text: string,
  expected: OidcDiscoveryExpectation,
): OidcDiscoveryParseResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return refused('not_json');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return refused('not_json');
  const { issuer, jwks_uri: jwksUri } = document as Record<string, unknown>;
  if (issuer !== expected.issuer)
    return refused('issuer_mismatch', `expected ${JSON.stringify(expected.issuer)}, got ${shown(issuer)}`);
  if (typeof jwksUri !== 'string') return refused('jwks_uri_missing');
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    return refused('jwks_uri_invalid', shown(jwksUri));
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') {
    return refused('jwks_uri_invalid', shown(jwksUri));
  }
  const issuerUrl = new URL(expected.issuer);
  if (url.protocol === 'http:' && !(isLoopbackUrl(issuerUrl) && isLoopbackUrl(url)))
    return refused('jwks_uri_insecure', shown(jwksUri));
  if (url.origin !== issuerUrl.origin && !expected.jwksOrigins.includes(url.origin)) {
    return refused(
      'jwks_uri_foreign',
      `${url.origin} is neither the issuer's origin nor listed in "jwksOrigins"`,
    );
  }
  return { metadata: Object.freeze({ issuer, jwksUri: url }) };
}
