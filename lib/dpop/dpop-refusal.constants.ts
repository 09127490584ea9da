/**
 * Why a DPoP request (RFC 9449) is refused, as a refusal code:
 * `dpop_proof_missing` (the `DPoP` scheme without exactly one `DPoP` proof header),
 * `dpop_proof_invalid` (not a JWT, not `typ: dpop+jwt`, a `jwk` that is not a public key, a claim
 * missing or of the wrong type, a bad signature), `dpop_algorithm_not_allowed` (an `alg` outside
 * `dpop.algorithms`, a symmetric one included), `dpop_method_mismatch` (`htm`), `dpop_url_mismatch`
 * (`htu`), `dpop_proof_stale` (`iat` outside `dpop.proofWindow`), `dpop_proof_replayed` (a `jti`
 * already used with that key), `dpop_token_hash_mismatch` (`ath` is not the access token's hash),
 * `dpop_key_mismatch` (the token's `cnf.jkt` is not the proof key's thumbprint, or the token is not
 * bound), `dpop_nonce_required` (no `nonce`, or not a current one, with `dpop.nonce`), and
 * `dpop_bound_token` (a DPoP-bound token presented as `Bearer`).
 */
export type DpopRefusalCode =
  | 'dpop_proof_missing'
  | 'dpop_proof_invalid'
  | 'dpop_algorithm_not_allowed'
  | 'dpop_method_mismatch'
  | 'dpop_url_mismatch'
  | 'dpop_proof_stale'
  | 'dpop_proof_replayed'
  | 'dpop_token_hash_mismatch'
  | 'dpop_key_mismatch'
  | 'dpop_nonce_required'
  | 'dpop_bound_token';

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
