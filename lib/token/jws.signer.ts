import { createHmac, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { JwtService } from '@nestjs/jwt';
import { JWT_ALGORITHMS, type JwtAlgorithm } from './jwt-algorithm.constants';
import type { JwtSigningKey } from './key-input.parser';
import { JwtTokenError } from './jwt-token.errors';

/** A JWS compact serialization split into its parts, its header decoded and checked for shape. */
export interface CompactJws {
  /** The whole token. */
  readonly token: string;
  /** The protected header, a JSON object. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The header's `alg`, one of the allowed algorithms. */
  readonly alg: JwtAlgorithm;
  /** The header's `kid`, when it names one. */
  readonly kid: string | undefined;
  /** `base64url(header) + '.' + base64url(payload)`: the signed bytes. */
  readonly signingInput: string;
  /** The payload segment, still base64url-encoded. */
  readonly payloadSegment: string;
  /** The signature segment, still base64url-encoded. */
  readonly signatureSegment: string;
}

const EDDSA_SIGNATURE_BYTES = 64;

/**
 * A signed token for `payload`. Through `@nestjs/jwt` (so `jsonwebtoken`) for every algorithm it
 * supports; EdDSA, which it lacks, through node:crypto (RFC 8037 §3.1), with the same header shape.
 */
export function signJws(jwt: JwtService, payload: Record<string, unknown>, signingKey: JwtSigningKey): string {
  const { algorithm, kid, key } = signingKey;
  if (algorithm === 'EdDSA') {
    const header = kid === undefined ? { alg: algorithm, typ: 'JWT' } : { alg: algorithm, typ: 'JWT', kid };
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    return `${signingInput}.${cryptoSign(null, Buffer.from(signingInput), key).toString('base64url')}`;
  }
  const keyOption = key.type === 'secret' ? { secret: key } : { privateKey: key };
  return jwt.sign(payload, { algorithm, ...(kid === undefined ? {} : { keyid: kid }), ...keyOption } as never);
}

/**
 * Whether the token's signature is the key's. HMAC and EdDSA are checked with node:crypto, RSA and
 * ECDSA by `@nestjs/jwt`'s `verify`, asked for the signature only: the claims are checked by the
 * caller. ECDSA signatures are first held to JWS's own form (RFC 7518 §3.4: exactly r || s, each
 * the curve's size; so no DER) and to 0 < r, s < n, refusing "psychic" signatures whatever the
 * backend.
 */
export function verifyJwsSignature(jwt: JwtService, jws: CompactJws, key: KeyObject): boolean {
  const spec = JWT_ALGORITHMS[jws.alg];
  if (spec.family === 'hmac') {
    // The header and payload are already parsed by the caller; jsonwebtoken would decode them
    // again, which costs more than the HMAC itself. The encoded forms are compared, as jws does,
    // so a signature segment is accepted in its one canonical spelling only.
    const expected = Buffer.from(createHmac(spec.hash, key).update(jws.signingInput).digest('base64url'));
    const given = Buffer.from(jws.signatureSegment);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  if (spec.family === 'ec') {
    const signature = Buffer.from(jws.signatureSegment, 'base64url');
    if (signature.length !== 2 * spec.scalarBytes) return false;
    const r = toBigInt(signature.subarray(0, spec.scalarBytes));
    const s = toBigInt(signature.subarray(spec.scalarBytes));
    if (r <= 0n || r >= spec.order || s <= 0n || s >= spec.order) return false;
  }
  if (spec.family === 'eddsa') {
    const signature = Buffer.from(jws.signatureSegment, 'base64url');
    if (signature.length !== EDDSA_SIGNATURE_BYTES) return false;
    return cryptoVerify(null, Buffer.from(jws.signingInput), key, signature);
  }
  // Only RSA and ECDSA get here, so the key is always a public key.
  try {
    jwt.verify(jws.token, { algorithms: [jws.alg], ignoreExpiration: true, ignoreNotBefore: true, publicKey: key } as never);
    return true;
  } catch (error) {
    if ((error as Error | undefined)?.message === 'invalid signature') return false;
    // jsonwebtoken could not even read the token (a `typ: JWT` header over a payload that is not JSON, say).
    throw new JwtTokenError('malformed');
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}
