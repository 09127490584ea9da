import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const HASH_BYTES = 32;

/** A salted scrypt hash of a password: what a real user store keeps instead of the password. */
export interface PasswordHash {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** Hashes `password` with a fresh random salt (or `salt`, to check a password against a stored hash). */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<PasswordHash> {
  return { salt, hash: await scryptAsync(password, salt, HASH_BYTES) };
}

/**
 * Whether `password` matches `stored`. Both sides are fixed-length hashes compared with
 * `timingSafeEqual`, so the time taken says nothing about how much of the password was right.
 */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const { hash } = await hashPassword(password, stored.salt);
  return timingSafeEqual(hash, stored.hash);
}
