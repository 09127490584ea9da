import { createHash, randomBytes } from 'node:crypto';

/** Random bytes in a refresh token: 256 bits, as RFC 9700 §4.14 asks of an unguessable token. */
const REFRESH_TOKEN_BYTES = 32;
/** Its length in base64url without padding. */
export const REFRESH_TOKEN_LENGTH = 43;
const REFRESH_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new opaque refresh token: 256 random bits in base64url. Not a JWT (it has no dot), so it can
 * never pass as an access token, and an access token can never pass as one.
 */
export function newRefreshToken(): string {
  return randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
}

/** Whether `value` has the shape of a refresh token: a string of 43 base64url characters, nothing else. */
export function isRefreshTokenShaped(value: unknown): boolean {
  return (
    typeof value === 'string' && value.length === REFRESH_TOKEN_LENGTH && REFRESH_TOKEN_SHAPE.test(value)
  );
}

/**
 * The SHA-256 of a refresh token, base64url: what a store keeps instead of the token, so that a
 * leaked store yields nothing that can be presented. A fast hash suffices: the token has 256 bits
 * of entropy, so there is nothing to guess.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A random identifier of 128 bits in base64url (22 characters): a `jti`, `sid` or family id. */
export function newIdentifier(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A new token id (`jti`): the issue time in milliseconds (6 bytes) then 128 random bits, in
 * base64url (30 characters). The time settles, within the second `iat` names, whether a token
 * came before or after a revocation of its user, so that logging in again right after a logout
 * everywhere works; the random part makes it unique.
 */
export function newTokenId(issuedAt: number): string {
  const bytes = randomBytes(22);
  bytes.writeUIntBE(Math.max(0, Math.min(Math.floor(issuedAt), 2 ** 48 - 1)), 0, 6);
  return bytes.toString('base64url');
}

/** The issue time, in milliseconds, written in a `jti` by {@link newTokenId}; `undefined` for any other `jti`. */
export function issueTimeOfTokenId(jti: unknown): number | undefined {
  if (typeof jti !== 'string' || jti.length !== 30) return undefined;
  const bytes = Buffer.from(jti, 'base64url');
  return bytes.length === 22 ? bytes.readUIntBE(0, 6) : undefined;
}
