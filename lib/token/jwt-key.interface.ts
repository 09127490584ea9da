import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from './jwt-algorithm.constants';

/** A key the service verifies with, normalised at start-up (or when a JWKS is fetched). */
export interface JwtVerificationKey {
  /** The key id tokens name in their `kid` header; `undefined` for a single key without one. */
  readonly kid: string | undefined;
  /** The algorithms this key may verify: one for a configured key; a JWKS key without `alg` may fit several. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** A secret key (HS*) or a public key (everything else). */
  readonly key: KeyObject;
}

/** The key the service signs with. */
export interface JwtSigningKey {
  /** Written as the token's `kid` header, when defined. */
  readonly kid: string | undefined;
  /** The algorithm tokens are signed with, written as their `alg`. */
  readonly algorithm: JwtAlgorithm;
  /** A secret key (HS*) or a private key. */
  readonly key: KeyObject;
}

/** The configured keys after start-up validation. */
export interface ResolvedJwtKeys {
  /** The key `createToken` signs with; `undefined` for a verify-only service. */
  readonly signing: JwtSigningKey | undefined;
  /** Every configured key that verifies tokens (HMAC secrets and public keys). */
  readonly verification: readonly JwtVerificationKey[];
  /** The public keys as JWKs (with `kid`, `alg` and `use`), for `getJwks()`. Never a private or HMAC key. */
  readonly publicJwks: readonly JsonWebKey[];
}
