import { isUtf8 } from 'node:buffer';

/** Whether a decoded JSON value is an object (not an array, not `null`). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON object from a base64url segment of a JWS, or `undefined`: JSON text must be UTF-8
 * (RFC 8259 §8.1, RFC 8725 §3.7), so bytes that are not are refused rather than decoded with
 * replacement characters. Decoding turns every invalid sequence into U+FFFD, so only text holding
 * one needs the bytes checked.
 */
export function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') && !isUtf8(bytes)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isJsonObject(value) ? value : undefined;
}
