import { DpopNonceSource } from './dpop-nonce.source';

const SECRET = 'a-nonce-secret-of-at-least-32-characters';
const STEP = 300_000;

describe('DpopNonceSource', () => {
  it('accepts its nonce for the rest of its step and the whole next one, not after', () => {
    const nonces = new DpopNonceSource(SECRET, 300);
    const issuedAt = 10 * STEP + 1;
    const nonce = nonces.current(issuedAt);
    expect(nonces.isCurrent(nonce, issuedAt)).toBe(true);
    expect(nonces.isCurrent(nonce, 12 * STEP - 1)).toBe(true);
    expect(nonces.isCurrent(nonce, 12 * STEP)).toBe(false);
  });

  it('accepts the nonces of another instance with the same secret, not those of another secret', () => {
    const now = 5 * STEP;
    const nonce = new DpopNonceSource(SECRET, 300).current(now);
    expect(new DpopNonceSource(SECRET, 300).isCurrent(nonce, now)).toBe(true);
    expect(new DpopNonceSource(`${SECRET}-other`, 300).isCurrent(nonce, now)).toBe(false);
  });

  it('makes a secret of its own without one, so its nonces work on no other instance', () => {
    const now = 5 * STEP;
    const nonce = new DpopNonceSource(undefined, 300).current(now);
    expect(new DpopNonceSource(undefined, 300).isCurrent(nonce, now)).toBe(false);
  });

  it('refuses what is not one of its nonces: another type, a forged one, a future step', () => {
    const nonces = new DpopNonceSource(SECRET, 300);
    const now = 5 * STEP;
    expect(nonces.isCurrent(undefined, now)).toBe(false);
    expect(nonces.isCurrent(42, now)).toBe(false);
    expect(nonces.isCurrent(`${(5).toString(36)}.AAAAAAAAAAAAAAAAAAAAAA`, now)).toBe(false);
    expect(nonces.isCurrent(nonces.current(now + STEP), now)).toBe(false);
  });
});
