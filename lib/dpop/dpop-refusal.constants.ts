import type { DpopRefusalCode } from '../refusal/refusal-code.interface';

/** The text of each DPoP refusal, sent to clients (printable, no `"` or `\`, as RFC 6750 §3 needs). */
export const DPOP_REFUSAL_MESSAGES: Readonly<Record<DpopRefusalCode, string>> = {
  dpop_proof_missing: 'A DPoP request needs exactly one DPoP proof header',
  dpop_proof_invalid: 'The DPoP proof is invalid',
  dpop_algorithm_not_allowed: 'The DPoP proof is signed with an algorithm that is not allowed',
  dpop_method_mismatch: 'The DPoP proof is for another HTTP method',
  dpop_url_mismatch: 'The DPoP proof is for another URL',
  dpop_proof_stale: 'The DPoP proof was not issued recently enough',
  dpop_proof_replayed: 'The DPoP proof has already been used',
  dpop_token_hash_mismatch: 'The DPoP proof is for another access token',
  dpop_key_mismatch: 'The access token is not bound to the DPoP proof key',
  dpop_nonce_required: 'The DPoP proof must carry the nonce this server provides',
  dpop_bound_token: 'The access token is bound to a DPoP key and must be sent with the DPoP scheme',
};

/** Whether a refusal code is one of DPoP's. */
export function isDpopRefusal(code: string): code is DpopRefusalCode {
  return code.startsWith('dpop_');
}
