import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { TokenCredentials } from '../credentials/token-credentials.util';
import type { VerifiedClaims } from '../identity/identity.interface';
import type { CsrfRefusalCode } from '../refusal/refusal-code.interface';
import { SESSION_ID_CLAIM } from './cookie-auth.constants';

// HKDF labels: the CSRF key is derived from the signing secret, never the secret itself, so a CSRF
// token (readable by the page) is an HMAC under a key that signs nothing else.
const CSRF_KEY_INFO = 'nestjs-jwt-permissions csrf v1';
const CSRF_KEY_SALT = Buffer.alloc(32);
/** Length of a CSRF token: an HMAC-SHA256 in base64url, without padding. */
const CSRF_TOKEN_LENGTH = 43;

/**
 * The CSRF settings after start-up validation: what a CSRF check reads, declared here so that the
 * cookie options, which build them, depend on the check and not the other way round.
 */
export interface ResolvedJwtCookieCsrfOptions {
  /** The CSRF cookie's name. */
  readonly cookieName: string;
  /** The same attributes as the token cookie's, without `HttpOnly`, so the page can read it. */
  readonly attributes: string;
  /** Lower-cased, as Node exposes incoming headers. */
  readonly headerName: string;
  /** The HMAC key of CSRF tokens, derived from the signing secret. */
  readonly key: KeyObject;
}

/**
 * Derives, once at start-up, the key that CSRF tokens are computed with (HKDF-SHA256, RFC 5869),
 * from the key that signs the tokens: an HMAC secret, or the private key of an asymmetric
 * algorithm (its PKCS #8 bytes). A public key signs nothing, so it cannot back cookie mode.
 */
export function deriveCsrfKey(signingKey: KeyObject | undefined): KeyObject {
  if (signingKey === undefined || signingKey.type === 'public') {
    throw new Error(
      'JwtAuthModule: cookie mode needs a signing key (a secret or a private key), not only a public key.',
    );
  }
  const material =
    signingKey.type === 'secret' ? signingKey : signingKey.export({ format: 'der', type: 'pkcs8' });
  return createSecretKey(Buffer.from(hkdfSync('sha256', material, CSRF_KEY_SALT, CSRF_KEY_INFO, 32)));
}

/**
 * The CSRF token bound to a cookie's JWT: an HMAC, under the server's CSRF key, of the login
 * session the token belongs to (its `sid` claim, which `remember()` sets and reissues keep), so it
 * stays the same across sliding reissues and an SPA's concurrent requests never race a reissue.
 * A token without a `sid` (made elsewhere) binds to its own signature instead. Either way nobody
 * can compute it without the key, and it is worthless with any other session's cookie.
 */
export function csrfTokenFor(token: string, claims: VerifiedClaims, csrfKey: KeyObject): string {
  const sessionId = claims[SESSION_ID_CLAIM];
  const binding =
    typeof sessionId === 'string' && sessionId !== ''
      ? `sid.${sessionId}`
      : `sig.${token.slice(token.lastIndexOf('.') + 1)}`;
  return createHmac('sha256', csrfKey).update(binding).digest('base64url');
}

/**
 * Whether the CSRF token a request sent matches the expected one, in constant time. Anything but a
 * single string of the right length (a repeated header, an empty one) is a mismatch.
 */
export function isCsrfTokenValid(expected: string, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length !== CSRF_TOKEN_LENGTH) return false;
  // UTF-8, not latin1: latin1 would fold a non-Latin character onto an ASCII one.
  const sentBytes = Buffer.from(sent, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  return sentBytes.length === expectedBytes.length && timingSafeEqual(sentBytes, expectedBytes);
}

/**
 * Methods that change nothing (RFC 9110 §9.2.1) and need no CSRF proof. Every other method —
 * POST, PUT, PATCH, DELETE and any extension method — does.
 */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Whether a request with this method must prove, with the CSRF header, that the app sent it. */
export function needsCsrfProof(method: unknown): boolean {
  return typeof method !== 'string' || !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The CSRF check of one request: only a token from the cookie, with an unsafe method, in cookie
 * mode with `csrf` on, must be echoed in the CSRF header. `undefined` when the request passes.
 */
export function checkCsrfProof(
  method: unknown,
  headers: Record<string, string | string[] | undefined>,
  credentials: TokenCredentials,
  claims: VerifiedClaims,
  csrf: ResolvedJwtCookieCsrfOptions | undefined,
): CsrfRefusalCode | undefined {
  if (credentials.source !== 'cookie' || csrf === undefined || !needsCsrfProof(method)) return undefined;
  const sent = headers[csrf.headerName];
  if (sent === undefined || sent === '') return 'csrf_missing';
  return isCsrfTokenValid(csrfTokenFor(credentials.token, claims, csrf.key), sent)
    ? undefined
    : 'csrf_invalid';
}
