/**
 * Why an issuer's discovery document was refused. Stable: logs and applications may match on them.
 *
 * - `unavailable`: not fetched: network error, timeout, a status other than 200 (a redirect included).
 * - `too_large`: larger than `maxBytes`.
 * - `not_json`: not a JSON object.
 * - `issuer_mismatch`: its `issuer` is not exactly the configured issuer (OpenID Connect Discovery
 *   §4.3, RFC 8414 §3.3): it describes another provider, or another tenant.
 * - `jwks_uri_missing`: no `jwks_uri` string.
 * - `jwks_uri_invalid`: a `jwks_uri` that is not an absolute http(s) URL, or that carries credentials.
 * - `jwks_uri_insecure`: a plain-http `jwks_uri` for an issuer that is not on loopback.
 * - `jwks_uri_foreign`: a `jwks_uri` on another origin than the issuer's, and not one the
 *   configuration lists: the document may not send the service to a host it was not told to trust.
 */
export type OidcDiscoveryErrorCode =
  | 'unavailable'
  | 'too_large'
  | 'not_json'
  | 'issuer_mismatch'
  | 'jwks_uri_missing'
  | 'jwks_uri_invalid'
  | 'jwks_uri_insecure'
  | 'jwks_uri_foreign';

const MESSAGES: Record<OidcDiscoveryErrorCode, string> = {
  unavailable: 'the discovery document could not be fetched',
  too_large: 'the discovery document is larger than the limit',
  not_json: 'the discovery document is not a JSON object',
  issuer_mismatch: 'the discovery document names another issuer',
  jwks_uri_missing: 'the discovery document has no jwks_uri',
  jwks_uri_invalid:
    'the discovery document has a jwks_uri that is not an absolute http(s) URL without credentials',
  jwks_uri_insecure: 'the discovery document has a plain-http jwks_uri for an issuer that is not on loopback',
  jwks_uri_foreign: 'the discovery document has a jwks_uri on an origin the configuration does not trust',
};

/** A refused discovery document, as a value: its code, and the detail to log. */
export interface OidcDiscoveryError {
  /** Why it was refused. */
  readonly code: OidcDiscoveryErrorCode;
  /** A fixed sentence per code, followed by what was found (never the whole document). */
  readonly message: string;
}

/** Builds the {@link OidcDiscoveryError} for `code`, with what was found as `detail`. */
export function discoveryError(code: OidcDiscoveryErrorCode, detail?: string): OidcDiscoveryError {
  return Object.freeze({
    code,
    message: detail === undefined ? MESSAGES[code] : `${MESSAGES[code]} (${detail})`,
  });
}
