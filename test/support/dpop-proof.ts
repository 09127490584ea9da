// Test helper: DPoP proofs (RFC 9449 §4.2) signed with a fixture key, as a client would send them.
import { constants, createHash, randomUUID, sign, type KeyObject } from 'node:crypto';

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

/** How the proof is signed and what its header says, beyond the defaults. */
export interface DpopProofSigning {
  /** Default: ES256 for a P-256 key, ES384 for P-384, EdDSA for Ed25519, PS256 for RSA-PSS, else RS256. */
  alg?: string;
  /** Header members added to (or replacing) `typ`, `alg` and `jwk`. */
  header?: Record<string, unknown>;
}

type PublicJwk = Record<string, string>;

/** The public JWK of a fixture key (exported from a key read from PEM, never a generated one). */
export function publicJwkOf(privateKey: KeyObject): PublicJwk {
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  if (jwk.kty === 'EC') return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  if (jwk.kty === 'OKP') return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  return { kty: jwk.kty, n: jwk.n, e: jwk.e };
}

/** The RFC 7638 thumbprint of a fixture key's public JWK, computed here on its own: what a bound token's `cnf.jkt` holds. */
export function jwkThumbprint(privateKey: KeyObject): string {
  const jwk = publicJwkOf(privateKey);
  const members = Object.keys(jwk).sort();
  return createHash('sha256')
    .update(JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]]))))
    .digest('base64url');
}

function defaultAlg(privateKey: KeyObject): string {
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (privateKey.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (privateKey.asymmetricKeyType === 'ec') return curve === 'secp384r1' ? 'ES384' : 'ES256';
  return privateKey.asymmetricKeyType === 'rsa-pss' ? 'PS256' : 'RS256';
}

/** The payload of a proof, with `ath` from the access token. */
export function dpopProofPayload(claims: DpopProofClaims): Record<string, unknown> {
  return {
    jti: claims.jti ?? randomUUID(),
    htm: claims.htm,
    htu: claims.htu,
    iat: claims.iat ?? Math.floor(Date.now() / 1000),
    ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
    ...(claims.accessToken === undefined
      ? {}
      : { ath: createHash('sha256').update(claims.accessToken).digest('base64url') }),
  };
}

/** A DPoP proof signed with `privateKey` (a fixture key), ES256 for a P-256 key unless `signing` says otherwise. */
export function dpopProof(
  privateKey: KeyObject,
  claims: DpopProofClaims,
  signing: DpopProofSigning = {},
): string {
  const alg = signing.alg ?? defaultAlg(privateKey);
  const header = { typ: 'dpop+jwt', alg, jwk: publicJwkOf(privateKey), ...signing.header };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(dpopProofPayload(claims))).toString('base64url')}`;
  const hash = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
  const key = alg.startsWith('ES')
    ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const }
    : alg.startsWith('PS')
      ? {
          key: privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        }
      : privateKey;
  const signature = sign(hash, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}
