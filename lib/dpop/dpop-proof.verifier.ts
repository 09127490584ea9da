import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { hasPrivateMembers, JWK_PUBLIC_MEMBERS, jwkThumbprint } from '../token/jwk.util';
import { isSupportedAlgorithm } from '../token/jwt-algorithm.constants';
import { createSignatureCheck, type JwsSignatureCheck } from '../token/jws-signature.verifier';
import { decodeJsonObject, isJsonObject } from '../token/jws-segment.util';
import { keyProblem } from '../token/key.rules';
import type { DpopRefusalCode } from '../refusal/refusal-code.interface';
import type { DpopNonceSource } from './dpop-nonce.source';
import type { ResolvedDpopOptions } from './dpop.options';

/** The request a proof is checked against. */
export interface DpopRequest {
  /** The HTTP method, upper-case as the request line has it. */
  readonly method: string;
  /** The request's URL as {@link normalizeHtu} gives it: origin and path, no query or fragment. */
  readonly htu: string | undefined;
  /**
   * The access token presented with the proof (its hash must be the proof's `ath`); `undefined`
   * for a token request (RFC 9449 §5), which presents none, so that no `ath` is checked.
   */
  readonly accessToken: string | undefined;
  /** Now, in milliseconds since the epoch. */
  readonly now: number;
}

/** A proof that passed every check but the replay check, which needs the store. */
export interface CheckedDpopProof {
  /** The proof's `jti`. */
  readonly jti: string;
  /** The RFC 7638 thumbprint of the proof's key: what a bound token's `cnf.jkt` must be. */
  readonly jkt: string;
  /** The proof's `iat`, in seconds since the epoch. */
  readonly iat: number;
}

/** What a proof's header gives once it passed its checks: kept, per header, between requests. */
interface ProofKey {
  readonly check: JwsSignatureCheck;
  readonly jkt: string;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// A client signs every proof with the same key, so its header segment repeats: the key imported from
// it is kept, bounded (emptied when full), and only for headers of ordinary size.
const MEMO_KEYS = 256;
const MEMO_HEADER_LENGTH = 2048;
// RFC 9449 §4.2 asks for 96 bits of randomness in a jti; anything past this length is no jti.
const MAX_JTI_LENGTH = 256;

/**
 * The URL a proof's `htu` names, or a request's, compared as RFC 9449 §4.3 asks: after the
 * syntax- and scheme-based normalisation of RFC 3986 §6.2.2 and §6.2.3 (case of scheme and host,
 * default port, dot segments, percent-encodings), without query or fragment. `undefined` for
 * anything that is not an absolute `http` or `https` URL.
 */
export function normalizeHtu(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return `${url.origin}${url.pathname.replace(/%[0-9A-Fa-f]{2}/g, normalizeEscape)}`;
}

// RFC 3986 §2.3: an unreserved character means the same encoded or not.
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** A percent-encoding as RFC 3986 §6.2.2.1-2 writes it: decoded when unreserved, else in upper case. */
function normalizeEscape(escape: string): string {
  const character = String.fromCharCode(parseInt(escape.slice(1), 16));
  return UNRESERVED.test(character) ? character : escape.toUpperCase();
}

/**
 * Checks DPoP proofs (RFC 9449 §4.3) for one configuration: the header (`typ: dpop+jwt`, an allowed
 * asymmetric `alg`, a public `jwk` that fits it), the signature with that key (node:crypto, through
 * the token pipeline's own checks), then `htm`, `htu`, `nonce`, `iat`, `ath`. The replay of its
 * `jti` and the token's `cnf.jkt` are for the caller, which has the store and the claims.
 */
export class DpopProofVerifier {
  private readonly keys = new Map<string, ProofKey>();

  constructor(
    private readonly options: ResolvedDpopOptions,
    private readonly maxLength: number,
    private readonly nonces: DpopNonceSource | undefined,
  ) {}

  /** The proof's `jti`, key thumbprint and `iat` when it holds for `request`; else why not. */
  verify(proof: string, request: DpopRequest): CheckedDpopProof | DpopRefusalCode {
    if (proof.length > this.maxLength || !COMPACT_JWS.test(proof)) return 'dpop_proof_invalid';
    const headerEnd = proof.indexOf('.');
    const payloadEnd = proof.indexOf('.', headerEnd + 1);
    const key = this.keyOf(proof.slice(0, headerEnd));
    if (typeof key === 'string') return key;
    let signed: boolean;
    try {
      signed = key.check(proof.slice(0, payloadEnd), proof.slice(payloadEnd + 1));
    } catch {
      signed = false;
    }
    if (!signed) return 'dpop_proof_invalid';
    const claims = decodeJsonObject(proof.slice(headerEnd + 1, payloadEnd));
    if (claims === undefined) return 'dpop_proof_invalid';
    const { jti, htm, htu, iat, ath, nonce } = claims;
    if (
      typeof jti !== 'string' ||
      jti === '' ||
      jti.length > MAX_JTI_LENGTH ||
      typeof htm !== 'string' ||
      typeof htu !== 'string' ||
      typeof iat !== 'number' ||
      !Number.isFinite(iat) ||
      (request.accessToken !== undefined && typeof ath !== 'string')
    ) {
      return 'dpop_proof_invalid';
    }
    if (htm !== request.method) return 'dpop_method_mismatch';
    const normalized = normalizeHtu(htu);
    if (normalized === undefined || normalized !== request.htu) return 'dpop_url_mismatch';
    if (this.nonces !== undefined && !this.nonces.isCurrent(nonce, request.now)) return 'dpop_nonce_required';
    if (Math.abs(request.now / 1000 - iat) > this.options.proofWindow) return 'dpop_proof_stale';
    if (
      request.accessToken !== undefined &&
      ath !== createHash('sha256').update(request.accessToken, 'ascii').digest('base64url')
    )
      return 'dpop_token_hash_mismatch';
    return { jti, jkt: key.jkt, iat };
  }

  /** The key a header names, checked, from the memo or imported now; else why it is refused. */
  private keyOf(segment: string): ProofKey | DpopRefusalCode {
    const known = this.keys.get(segment);
    if (known !== undefined) return known;
    const key = this.importKey(segment);
    if (typeof key !== 'string' && segment.length <= MEMO_HEADER_LENGTH) {
      if (this.keys.size >= MEMO_KEYS) this.keys.clear();
      this.keys.set(segment, key);
    }
    return key;
  }

  private importKey(segment: string): ProofKey | DpopRefusalCode {
    const header = decodeJsonObject(segment);
    if (header === undefined || header.typ !== 'dpop+jwt') return 'dpop_proof_invalid';
    const { alg, jwk } = header;
    if (!isSupportedAlgorithm(alg) || !this.options.algorithms.includes(alg))
      return 'dpop_algorithm_not_allowed';
    // The proof's own key, or nothing: headers that point elsewhere, or must be understood, are refused.
    for (const name of ['crit', 'jku', 'x5u', 'x5c', 'zip']) {
      if (Object.prototype.hasOwnProperty.call(header, name)) return 'dpop_proof_invalid';
    }
    const publicJwk = publicJwkOf(jwk);
    if (publicJwk === undefined) return 'dpop_proof_invalid';
    let check: JwsSignatureCheck;
    try {
      const key = createPublicKey({ key: publicJwk, format: 'jwk' });
      if (keyProblem(key, alg) !== undefined) return 'dpop_proof_invalid';
      check = createSignatureCheck(alg, key);
    } catch {
      return 'dpop_proof_invalid';
    }
    return { check, jkt: jwkThumbprint(publicJwk) };
  }
}

/**
 * The header's `jwk` as a public key's members, when it is one: an object of a known key type with
 * every member its type needs, as strings, and no private or symmetric member (RFC 9449 §4.3).
 */
function publicJwkOf(jwk: unknown): JsonWebKey | undefined {
  if (!isJsonObject(jwk) || hasPrivateMembers(jwk)) return undefined;
  const kty = jwk.kty;
  if (typeof kty !== 'string' || !Object.prototype.hasOwnProperty.call(JWK_PUBLIC_MEMBERS, kty))
    return undefined;
  const members = JWK_PUBLIC_MEMBERS[kty];
  for (const name of members) if (typeof jwk[name] !== 'string' || jwk[name] === '') return undefined;
  return Object.fromEntries(members.map((name) => [name, jwk[name]]));
}
