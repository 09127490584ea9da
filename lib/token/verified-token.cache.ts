import type { VerifiedClaims } from '../identity/identity.interface';
import type { ResolvedTokenCacheOptions } from './verified-token-cache.options';

/** A remembered verification: the token, its claims, and the seconds between which it is in date. */
interface VerifiedTokenEntry {
  /** The whole token: an entry is served only for this exact string. */
  readonly token: string;
  readonly claims: VerifiedClaims;
  /** The first second the token is accepted: its `nbf` and `iat`, less the leeway. */
  readonly validFrom: number;
  /** The first second the token is refused: its `exp`, plus the leeway. */
  readonly validUntil: number;
  /** Served since it was stored or last spared: it is spared once more when its turn to go comes. */
  recentlyUsed: boolean;
}

// Walking every entry to drop the expired ones is O(maxEntries): at most once a second, and only
// when a full cache needs room.
const SWEEP_INTERVAL_SECONDS = 1;

// Entries are found by the token's last characters, then served only if the whole token is the
// same string: hashing a whole token (a new string each request, hundreds of characters long) for a
// Map lookup costs more than the rest of a hit. Its last 12 characters are its signature's (about
// 70 random bits, which the token's signer chooses, not its bearer). Two valid tokens that end
// alike share a slot, the later stored winning: a miss, never a wrong answer. Fewer than 13
// characters, as V8 copies such a slice instead of pointing into the token.
const LOOKUP_KEY_LENGTH = 12;

function lookupKey(token: string): string {
  return token.slice(-LOOKUP_KEY_LENGTH);
}

/** Freezes the claims and everything in them, without recursion (a token may nest deeply). */
function deepFreeze(value: object): void {
  const pending: object[] = [value];
  while (pending.length > 0) {
    const current = pending.pop()!;
    Object.freeze(current);
    for (const child of Object.values(current) as unknown[]) {
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) pending.push(child);
    }
  }
}

/**
 * Remembers the claims of tokens that passed every check, served for the exact token string only,
 * so a token seen again skips the signature and claims checks. It holds only successes (a refusal is
 * never stored), at most `maxEntries` tokens of at most `maxTokenLength` characters (the least
 * recently used dropped first, nearly: see makeRoom), and it makes the time checks again on every hit: an entry is served only
 * while `validFrom <= now < validUntil`, exactly when the full pipeline would accept the token, and
 * is dropped as soon as a lookup finds it out of date. Every entry is dropped when the keys change.
 *
 * The claims it returns are shared by every request carrying the same token, so they are frozen.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedTokenEntry>();
  private keyGeneration: unknown;
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly bounds: ResolvedTokenCacheOptions,
    /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds: the verifier's `leeway`. */
    private readonly leeway: number,
  ) {}

  /** How many tokens are remembered now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The claims of `token` if it was verified under the current keys and is in date at `now`
   * (seconds since the epoch), else `undefined`.
   */
  get(token: string, now: number): VerifiedClaims | undefined {
    // Before the lookup: never hash a huge input, nor read `length` of what is not a string.
    if (typeof token !== 'string' || token.length > this.bounds.maxTokenLength) return undefined;
    const key = lookupKey(token);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (now < entry.validFrom || now >= entry.validUntil) {
      this.entries.delete(key);
      return undefined;
    }
    // A flag, not a move to the end of the Map: a hit stays one lookup, without a delete and a set.
    entry.recentlyUsed = true;
    return entry.claims;
  }

  /**
   * Remembers the claims of a token that has just passed every check at `now`, when it fits the
   * bounds. The claims are frozen either way, so a caller sees the same object whether or not it
   * was stored. Must never be called for a refused token.
   */
  set(token: string, claims: VerifiedClaims, now: number): void {
    deepFreeze(claims);
    if (token.length > this.bounds.maxTokenLength) return;
    const { exp, nbf, iat } = claims;
    if (typeof exp !== 'number') return; // the verifier requires one; never remember a token without an end
    const validUntil = exp + this.leeway;
    const validFrom =
      Math.max(typeof nbf === 'number' ? nbf : -Infinity, typeof iat === 'number' ? iat : -Infinity) -
      this.leeway;
    if (!(validFrom <= now && now < validUntil)) return;
    const key = lookupKey(token);
    this.entries.delete(key);
    if (this.entries.size >= this.bounds.maxEntries) this.makeRoom(now);
    this.entries.set(key, { token, claims, validFrom, validUntil, recentlyUsed: false });
  }

  /**
   * Drops every entry when `generation` differs from the last one seen: called with the identity of
   * the keys before each lookup, so a verification never survives a key change or rotation.
   */
  useKeyGeneration(generation: unknown): void {
    if (generation === this.keyGeneration) return;
    this.entries.clear();
    this.keyGeneration = generation;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }

  /**
   * Frees one slot at least: the out-of-date entries (at most once a second), else the oldest entry
   * not used since it was stored or last spared (second chance: LRU, nearly, at the cost of a flag).
   */
  private makeRoom(now: number): void {
    if (now >= this.nextSweep) {
      this.nextSweep = now + SWEEP_INTERVAL_SECONDS;
      for (const [key, entry] of this.entries) {
        if (now < entry.validFrom || now >= entry.validUntil) this.entries.delete(key);
      }
    }
    while (this.entries.size >= this.bounds.maxEntries) {
      const [key, entry] = this.entries.entries().next().value!;
      this.entries.delete(key);
      if (entry.recentlyUsed) {
        entry.recentlyUsed = false;
        this.entries.set(key, entry); // spared: to the back of the line
      }
    }
  }
}
