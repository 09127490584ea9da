import { Inject, Injectable, Optional } from '@nestjs/common';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { CallRequest } from '../credentials/call-request.interface';
import type { VerifiedClaims } from '../identity/identity.interface';
import { SessionStore, SessionStoreUnavailableError } from '../sessions/session.store';
import type { MaybePromise } from '../utils/maybe-promise.util';
import { boundKeyOf } from './dpop-binding.util';
import type { DpopChallenge } from './dpop-challenge.interface';
import { DpopNonceSource } from './dpop-nonce.source';
import { DpopProofVerifier, type CheckedDpopProof } from './dpop-proof.verifier';
import type { DpopRefusalCode } from '../refusal/refusal-code.interface';
import { readDpopProof, requestHtu } from './dpop-request.util';

/** Why a DPoP request is refused: a proof or binding problem, or the replay store out of reach. */
export type DpopCheckRefusal = DpopRefusalCode | 'session_store_unavailable';

/**
 * DPoP on the request path (RFC 9449 §7): checks a `DPoP` request's proof against the request and
 * the verified access token, then records the proof's `jti` in the {@link SessionStore}, so that a
 * proof replayed to any instance sharing the store is refused. Only DPoP requests come here.
 */
@Injectable()
export class DpopService {
  /** @internal The challenge of 401 answers, read by the guard; `undefined` when DPoP is off. */
  readonly challenge: DpopChallenge | undefined;
  private readonly verifier: DpopProofVerifier | undefined;
  private readonly nonces: DpopNonceSource | undefined;

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
    @Optional() private readonly store?: SessionStore,
  ) {
    const dpop = options.dpop;
    if (dpop === undefined) return;
    this.nonces = dpop.nonce ? new DpopNonceSource(dpop.nonce.secret, dpop.nonce.lifetime) : undefined;
    this.verifier = new DpopProofVerifier(dpop, options.maxTokenLength, this.nonces);
    const nonces = this.nonces;
    this.challenge = Object.freeze({
      algs: dpop.algs,
      nonce: nonces ? () => nonces.current(this.options.clock()) : undefined,
    });
  }

  /**
   * Why the DPoP request that presented `accessToken` (already verified, with `claims`) is
   * refused, or `undefined` when its proof holds: exactly one `DPoP` header, a valid proof for this
   * method and URL, of this token, made recently, with a current nonce if nonces are on; the token
   * bound to the proof's key; and the proof never seen before. At once when the proof is refused,
   * else once the store has recorded it.
   */
  check(
    request: CallRequest,
    accessToken: string,
    claims: VerifiedClaims,
  ): MaybePromise<DpopCheckRefusal | undefined> {
    const verifier = this.verifier;
    const dpop = this.options.dpop;
    if (verifier === undefined || dpop === undefined) return 'dpop_proof_missing';
    const proof = readDpopProof(request);
    if (proof === undefined) return 'dpop_proof_missing';
    const now = this.options.clock();
    const checked = verifier.verify(proof, {
      method: typeof request.method === 'string' ? request.method : '',
      htu: requestHtu(request, dpop.origin),
      accessToken,
      now,
    });
    if (typeof checked === 'string') return checked;
    if (boundKeyOf(claims) !== checked.jkt) return 'dpop_key_mismatch';
    return this.recordProof(checked, now, dpop.proofWindow);
  }

  /** Records the proof's `jti` with its key until it can no longer be accepted; a second record is a replay. */
  private async recordProof(
    proof: CheckedDpopProof,
    now: number,
    window: number,
  ): Promise<DpopCheckRefusal | undefined> {
    if (this.store === undefined) return 'session_store_unavailable';
    const expiresAt = Math.ceil((proof.iat + window + 1) * 1000);
    try {
      const first = await this.store.recordOnce(`dpop:${proof.jkt}:${proof.jti}`, expiresAt, now);
      return first ? undefined : 'dpop_proof_replayed';
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError) return 'session_store_unavailable';
      throw error;
    }
  }
}
