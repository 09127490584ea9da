import { JWT_ALGORITHMS, isSupportedAlgorithm, type JwtAlgorithm } from '../token/jwt-algorithm.constants';
import { configError, describeValue } from '../utils/config-error.util';

/**
 * DPoP (RFC 9449), the `dpop` option: access tokens bound to a key the client holds, presented as
 * `Authorization: DPoP <token>` with a `DPoP` proof signed by that key on every request. Every field
 * has a default, so `dpop: {}` (or `true`) turns it on.
 */
export interface JwtDpopOptions {
  /**
   * The proof algorithms accepted, all asymmetric (a proof signed with a shared secret proves
   * nothing). Named in the `algs` of the `DPoP` challenge. Default
   * `['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA']`.
   */
  algorithms?: JwtAlgorithm[];
  /**
   * How far, in seconds, a proof's `iat` may be from the server's clock, either way: older proofs
   * are refused as stale (`dpop_proof_stale`), and each proof's `jti` is remembered for as long as
   * it could be accepted. Default `60`.
   */
  proofWindow?: number;
  /**
   * The API's public origin (`https://api.example.com`), with which the request's path is compared
   * to a proof's `htu`. Needed behind a proxy or load balancer that changes the scheme, host or port
   * the client used. Default: from the request (its protocol, as Express's `trust proxy` or
   * Fastify's `trustProxy` give it, and its `Host` header).
   */
  origin?: string;
  /**
   * Server-provided nonces (RFC 9449 §9): each proof must carry a `nonce` the API issued (in a
   * `DPoP-Nonce` header, with a 401 `use_dpop_nonce` when a proof has none or an old one). Limits
   * how long a proof made ahead of time is usable. `true`, or `{ secret, lifetime }`: nonces are an
   * HMAC of the time with `secret` (32 bytes or more; give every instance the same, else each
   * makes its own at start-up), each good for `lifetime` to 2 × `lifetime` seconds (default `300`).
   * Default: off.
   */
  nonce?: boolean | { secret?: string; lifetime?: number };
}

/** The `dpop` options after start-up validation. */
export interface ResolvedDpopOptions {
  readonly algorithms: readonly JwtAlgorithm[];
  /** The `algs` of the `DPoP` challenge: the algorithms, space-separated. */
  readonly algs: string;
  readonly proofWindow: number;
  /** The public origin (`scheme://host[:port]`), or `undefined` to read it from each request. */
  readonly origin: string | undefined;
  /** The nonce settings; `undefined` when nonces are off. */
  readonly nonce: { readonly secret: string | undefined; readonly lifetime: number } | undefined;
}

const DEFAULT_ALGORITHMS: readonly JwtAlgorithm[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'EdDSA',
]);
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['algorithms', 'proofWindow', 'origin', 'nonce']);
const NONCE_FIELDS: ReadonlySet<string> = new Set(['secret', 'lifetime']);
const MIN_NONCE_SECRET_LENGTH = 32;

function positiveSeconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    configError(`"dpop.${name}" must be a positive, finite number of seconds; got ${describeValue(value)}.`);
  }
  return value;
}

function resolveAlgorithms(value: unknown): readonly JwtAlgorithm[] {
  if (value === undefined) return DEFAULT_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0) {
    configError(
      `"dpop.algorithms" must be a non-empty array such as ['ES256', 'EdDSA']; got ${describeValue(value)}.`,
    );
  }
  for (const algorithm of value) {
    if (!isSupportedAlgorithm(algorithm)) {
      configError(
        `"dpop.algorithms" names ${JSON.stringify(algorithm)}, which is not an algorithm; use ${DEFAULT_ALGORITHMS.join(', ')}.`,
      );
    }
    if (JWT_ALGORITHMS[algorithm].family === 'hmac') {
      configError(
        `"dpop.algorithms" names ${algorithm}: a DPoP proof is signed with the client's private key, never a shared secret (RFC 9449 §4.2). Use ES256, EdDSA or PS256.`,
      );
    }
  }
  return Object.freeze([...new Set(value as JwtAlgorithm[])]);
}

function resolveOrigin(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  const isOrigin =
    url !== undefined &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '' &&
    !/^[a-z]+:\/\/[^/]*\/./i.test(value as string);
  if (!isOrigin) {
    configError(
      `"dpop.origin" must be an origin, scheme and host (and port) only, such as 'https://api.example.com'; got ${describeValue(value)}.`,
    );
  }
  return url!.origin;
}

function resolveNonce(value: unknown): ResolvedDpopOptions['nonce'] {
  if (value === undefined || value === false) return undefined;
  if (value === true) return Object.freeze({ secret: undefined, lifetime: 300 });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    configError(`"dpop.nonce" must be true, false, or { secret, lifetime }; got ${describeValue(value)}.`);
  }
  const unknown = Object.keys(value).filter((field) => !NONCE_FIELDS.has(field));
  if (unknown.length > 0) {
    configError(
      `unknown "dpop.nonce" option ${JSON.stringify(unknown[0])}; the options are secret, lifetime.`,
    );
  }
  const { secret, lifetime } = value as { secret?: unknown; lifetime?: unknown };
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < MIN_NONCE_SECRET_LENGTH)) {
    configError(
      `"dpop.nonce.secret" must be a string of at least ${MIN_NONCE_SECRET_LENGTH} characters, the same on every instance. ` +
        "Generate one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"",
    );
  }
  return Object.freeze({ secret, lifetime: positiveSeconds('nonce.lifetime', lifetime, 300) });
}

/** Validates the `dpop` option once, at start-up; `undefined` when DPoP is off. */
export function resolveDpopOptions(
  value: JwtDpopOptions | boolean | undefined,
): ResolvedDpopOptions | undefined {
  if (value === undefined || value === false) return undefined;
  const options: JwtDpopOptions = value === true ? {} : value;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    configError(
      `"dpop" must be true, or an object of DPoP options such as { nonce: true }; got ${describeValue(value)}.`,
    );
  }
  const unknown = Object.keys(options).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0) {
    configError(
      `unknown "dpop" option ${JSON.stringify(unknown[0])}; the options are ${[...KNOWN_FIELDS].join(', ')}.`,
    );
  }
  const algorithms = resolveAlgorithms(options.algorithms);
  return Object.freeze({
    algorithms,
    algs: algorithms.join(' '),
    proofWindow: positiveSeconds('proofWindow', options.proofWindow, 60),
    origin: resolveOrigin(options.origin),
    nonce: resolveNonce(options.nonce),
  });
}
