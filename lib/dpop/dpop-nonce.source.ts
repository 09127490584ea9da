import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Server-provided DPoP nonces (RFC 9449 §9) without state: a nonce is the current time step and an
 * HMAC of it, so any instance with the same secret can check any other's. One is good during its
 * own step and the next, so a nonce handed out just before a step ends still works for a whole one.
 */
export class DpopNonceSource {
  private readonly secret: Buffer;
  private readonly stepMs: number;

  constructor(secret: string | undefined, lifetimeSeconds: number) {
    // Without a shared secret each instance makes its own: nonces then only work on the one that issued them.
    this.secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
    this.stepMs = lifetimeSeconds * 1000;
  }

  /** The nonce to hand out at `now` (milliseconds since the epoch). */
  current(now: number): string {
    return this.nonceOf(Math.floor(now / this.stepMs));
  }

  /** Whether `nonce` is one this source handed out in the current step or the one before. */
  isCurrent(nonce: unknown, now: number): boolean {
    if (typeof nonce !== 'string') return false;
    const step = Math.floor(now / this.stepMs);
    return this.matches(nonce, step) || this.matches(nonce, step - 1);
  }

  private matches(nonce: string, step: number): boolean {
    const expected = Buffer.from(this.nonceOf(step));
    const given = Buffer.from(nonce);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private nonceOf(step: number): string {
    const stamp = step.toString(36);
    const mac = createHmac('sha256', this.secret).update(`dpop-nonce:${stamp}`).digest('base64url');
    return `${stamp}.${mac.slice(0, 22)}`;
  }
}
