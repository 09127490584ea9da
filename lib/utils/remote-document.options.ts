import { configError } from './config-error.util';

/**
 * How a provider's document (a JWK Set, a discovery document) is fetched and cached. Every field
 * is optional.
 */
export interface RemoteDocumentOptions {
  /** Give up on a fetch after this many milliseconds (connection and body together). Default `5000`. */
  timeout?: number;
  /**
   * Fetch the document again, in the background, once it is this many milliseconds old, on the
   * next token that needs it (a token served from the token cache included): a key the provider
   * withdraws stops being trusted about this long after the set was fetched. Default `600000`
   * (10 minutes).
   */
  cacheMaxAge?: number;
  /**
   * At most one fetch of the document per this many milliseconds, whatever triggers it: so that a
   * flood of tokens naming unknown `kid`s cannot hammer the provider, nor a provider that is down.
   * Default `30000`.
   */
  cooldown?: number;
  /** Refuse a document larger than this many bytes. Default `65536`. */
  maxBytes?: number;
}

/** {@link RemoteDocumentOptions} after start-up validation: every field set, in milliseconds or bytes. */
export type ResolvedRemoteDocumentOptions = Readonly<Required<RemoteDocumentOptions>>;

/** The defaults of {@link RemoteDocumentOptions}. */
export const REMOTE_DOCUMENT_DEFAULTS: ResolvedRemoteDocumentOptions = Object.freeze({
  timeout: 5000,
  cacheMaxAge: 600_000,
  cooldown: 30_000,
  maxBytes: 65_536,
});

/**
 * Validates fetch settings at start-up and fills in the defaults. `name(field)` spells a field in
 * error messages (`"jwksOptions.timeout"`, `issuers[0].fetch.timeout`); `name()` the whole option.
 * Each is a positive, finite number; `cooldown` may be 0.
 */
export function resolveRemoteDocumentOptions(
  options: unknown,
  name: (field?: string) => string,
): ResolvedRemoteDocumentOptions {
  if (options === undefined) return REMOTE_DOCUMENT_DEFAULTS;
  if (typeof options !== 'object' || options === null)
    configError(`${name()} must be an object { timeout, cacheMaxAge, cooldown, maxBytes }.`);
  const resolved: Required<RemoteDocumentOptions> = { ...REMOTE_DOCUMENT_DEFAULTS };
  for (const [field, value] of Object.entries(options)) {
    if (!(field in REMOTE_DOCUMENT_DEFAULTS))
      configError(`${name(field)} is not an option; use timeout, cacheMaxAge, cooldown or maxBytes.`);
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      (value === 0 && field !== 'cooldown')
    ) {
      configError(
        `${name(field)} must be a positive, finite number (${field === 'maxBytes' ? 'bytes' : 'milliseconds'}); got ${String(value)}.`,
      );
    }
    resolved[field as keyof RemoteDocumentOptions] = value;
  }
  return Object.freeze(resolved);
}
