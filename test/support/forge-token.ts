import { createHmac } from 'node:crypto';

const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

function segment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * A token built by hand, so tests can craft what a well-behaved signer never emits: any header,
 * a payload given as raw JSON text (`1e999`, arrays, strings), any key.
 */
export function forgeToken(
  header: Record<string, unknown>,
  payload: unknown,
  key: Buffer | string,
  alg: keyof typeof HASH = (header.alg as keyof typeof HASH) ?? 'HS512',
): string {
  const signingInput = `${segment(header)}.${segment(payload)}`;
  const signature = createHmac(HASH[alg], key).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** Whole seconds since the epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
