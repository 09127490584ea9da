// Test helper: DPoP proofs (RFC 9449 §4.2) signed with a fixture key, as a client would send them.
import { createHash, randomUUID, sign, type KeyObject } from 'node:crypto';

/** What a proof claims, beyond its defaults (a fresh `jti`, `iat` now). */
export interface DpopProofClaims {
  /** The HTTP method of the request the proof goes with. */
  htm: string;
  /** The request's URL, without query or fragment. */
  htu: string;
  /** The access token the proof goes with, when it goes to a resource server (its hash becomes `ath`). */
  accessToken?: string;
  /** A nonce the server asked for with `DPoP-Nonce`. */
  nonce?: string;
  /** Seconds since the epoch. Default: now. */
  iat?: number;
  /** Default: a random UUID. */
  jti?: string;
}

/** The public JWK of an EC P-256 key (exported from a key read from PEM, never a generated one). */
export function publicJwkOf(privateKey: KeyObject): { kty: string; crv: string; x: string; y: string } {
  const { kty, crv, x, y } = privateKey.export({ format: 'jwk' });
  return { kty: kty!, crv: crv!, x: x!, y: y! };
}

/** The RFC 7638 thumbprint of an EC key's public JWK: what a bound token's `cnf.jkt` holds. */
export function jwkThumbprint(privateKey: KeyObject): string {
  const { crv, kty, x, y } = publicJwkOf(privateKey);
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
}

/** A DPoP proof signed ES256 with `privateKey` (an EC P-256 key). */
export function dpopProof(privateKey: KeyObject, claims: DpopProofClaims): string {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwkOf(privateKey) };
  const payload = {
    jti: claims.jti ?? randomUUID(),
    htm: claims.htm,
    htu: claims.htu,
    iat: claims.iat ?? Math.floor(Date.now() / 1000),
    ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
    ...(claims.accessToken === undefined
      ? {}
      : { ath: createHash('sha256').update(claims.accessToken).digest('base64url') }),
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
