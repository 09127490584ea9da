import { Inject, Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { CallRequest } from '../credentials/call-request.interface';
import type { VerifiedClaims } from '../identity/identity.interface';
import { SessionStore, SessionStoreUnavailableError } from '../sessions/session.store';
import { SessionError } from '../sessions/session.errors';
import { DpopProofError } from './dpop-proof.error';
import type { MaybePromise } from '../utils/maybe-promise.util';
import { boundKeyOf } from './dpop-binding.util';
import type { DpopChallenge } from './dpop-challenge.interface';
import { DpopNonceSource } from './dpop-nonce.source';
import { DpopProofVerifier, type CheckedDpopProof } from './dpop-proof.verifier';
import type { DpopRefusalCode } from '../refusal/refusal-code.interface';
import { readDpopProof, requestHtu } from './dpop-request.util';

/** Why a DPoP request is refused: a proof or binding problem, or the replay store out of reach. */
export type DpopCheckRefusal = DpopRefusalCode | 'session_store_unavailable';

/** The DPoP proof of a token request that holds (see {@link DpopService.verifyTokenRequestProof}). */
export interface DpopTokenRequestProof {
  /**
   * The RFC 7638 thumbprint of the proof's key: pass it as `dpopJkt` to `SessionService.open()`
   * or `refresh()`, or to `JwtTokenService.issueToken()`, to bind the tokens to that key.
   */
  readonly jkt: string;
}

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
    @Optional() private readonly adapterHost?: HttpAdapterHost,
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

  /**
   * Checks the DPoP proof of a request to the application's own token endpoint, such as a login or
   * refresh route (RFC 9449 §5): one `DPoP` header, a valid proof for this method and URL, made
   * recently, never seen before (recorded in the {@link SessionStore} like every proof), with a
   * current nonce if `dpop.nonce` is on, and no `ath` checked (no access token is presented).
   *
   * Resolves to the proof key's thumbprint, to bind the tokens the route issues; to `undefined`
   * when the request sends no `DPoP` header, or DPoP is off (issue Bearer tokens then, as a server
   * without DPoP would: RFC 9449 §5). Rejects with a {@link DpopProofError} (400, with the guard's
   * code for the same problem; for `dpop_nonce_required`, the `DPoP-Nonce` header is set on
   * `response` when given), or a `SessionError` (`session_store_unavailable`, 503).
   *
   * @param request - The Express or Fastify request (`@Req()`).
   * @param response - The Express or Fastify response (`@Res({ passthrough: true })`), to carry `DPoP-Nonce`.
   *
   * @example
   * const proof = await this.dpop.verifyTokenRequestProof(request, response);
   * return this.sessions.open(user.id, { dpopJkt: proof?.jkt }); // tokenType 'DPoP' with a proof
   */
  async verifyTokenRequestProof(
    request: CallRequest,
    response?: unknown,
  ): Promise<DpopTokenRequestProof | undefined> {
    const verifier = this.verifier;
    const dpop = this.options.dpop;
    if (verifier === undefined || dpop === undefined || request.headers?.dpop === undefined) return undefined;
    const proof = readDpopProof(request);
    if (proof === undefined) throw new DpopProofError('dpop_proof_missing');
    const now = this.options.clock();
    const checked = verifier.verify(proof, {
      method: typeof request.method === 'string' ? request.method : '',
      htu: requestHtu(request, dpop.origin),
      accessToken: undefined,
      now,
    });
    if (typeof checked === 'string') {
      if (checked === 'dpop_nonce_required' && response !== undefined && this.challenge?.nonce !== undefined)
        this.adapterHost?.httpAdapter?.setHeader(response, 'DPoP-Nonce', this.challenge.nonce());
      throw new DpopProofError(checked);
    }
    const refusal = await this.recordProof(checked, now, dpop.proofWindow);
    if (refusal === 'session_store_unavailable') throw new SessionError(refusal);
    if (refusal !== undefined) throw new DpopProofError(refusal);
    return { jkt: checked.jkt };
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
