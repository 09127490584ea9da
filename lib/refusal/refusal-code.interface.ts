/**
 * Every refusal code of the library, in one list: why a guarded call is refused (on any transport),
 * or why `SessionService` refused to open, refresh or revoke a session. Stable: applications and
 * logs may match on these values. The named subsets below are derived from it, so a code is
 * spelt, and documented, once.
 *
 * Why a call is anonymous ({@link AnonymousReason}):
 * - `token_missing`: no credentials.
 * - `token_expired`: the token's `exp` has passed.
 * - `token_invalid`: any other problem with the token.
 * - `token_revoked`: a valid token revoked by `SessionService` (its own, its session's or its user's).
 * - `session_store_unavailable`: the revocations could not be kept current for longer than
 *   `sessions.maxStaleness` (503); from `SessionService`, the store cannot be reached (503).
 * - `user_unknown`: a valid token whose `sub` is unusable, or whose user the GroupFinder refused;
 *   from `SessionService`, the GroupFinder no longer accepts the user (the session is revoked).
 * - `token_ambiguous`: a token in both the header and the cookie, in several cookies, or the token
 *   header sent twice (400).
 * - `csrf_missing` / `csrf_invalid`: a cookie-authenticated unsafe request without the right CSRF
 *   header (403).
 * - `group_finder_failed` (the GroupFinder threw or rejected), `group_finder_faulty` (it answered
 *   something other than an array of group names, `null` or `undefined`), `group_finder_timeout` (it
 *   did not answer within `groupFinderTimeout`): the server's fault. A public route lets the caller
 *   through as anonymous, any other answers 500 (503 for the timeout).
 *
 * Why a DPoP request (RFC 9449), or a DPoP-bound token, is refused ({@link DpopRefusalCode}, 401):
 * - `dpop_proof_missing`: the `DPoP` scheme without exactly one `DPoP` proof header.
 * - `dpop_proof_invalid`: not a JWT, not `typ: dpop+jwt`, a `jwk` that is not a public key, a claim
 *   missing or of the wrong type, a bad signature.
 * - `dpop_algorithm_not_allowed`: an `alg` outside `dpop.algorithms`, a symmetric one included.
 * - `dpop_method_mismatch` (`htm`), `dpop_url_mismatch` (`htu`): the proof is for another request.
 * - `dpop_proof_stale`: `iat` outside `dpop.proofWindow`.
 * - `dpop_proof_replayed`: a `jti` already used with that key.
 * - `dpop_token_hash_mismatch`: `ath` is not the access token's hash.
 * - `dpop_key_mismatch`: the token's `cnf.jkt` is not the proof key's thumbprint, or the token is
 *   not bound.
 * - `dpop_nonce_required`: no `nonce`, or not a current one, with `dpop.nonce`.
 * - `dpop_bound_token`: a DPoP-bound token presented as `Bearer`.
 *
 * Why an identified caller is refused:
 * - `permission_denied`: the user lacks the route's permission (403).
 * - `scope_missing`: the token lacks a scope the route requires with `@Scopes()` (403).
 *
 * Why `SessionService` refused ({@link SessionErrorCode}, with `user_unknown` and
 * `session_store_unavailable` above):
 * - `refresh_token_invalid` (401): not a refresh token (wrong length or alphabet), or one never issued.
 * - `refresh_token_expired` (401): past its idle timeout, or its session past its absolute lifetime.
 * - `refresh_token_reused` (401): a refresh token used up longer ago than the grace period was
 *   presented again: the whole session is revoked, as the token may have been stolen.
 * - `refresh_token_revoked` (401): its session, or its user, was revoked.
 * - `refresh_token_key_mismatch` (401): the session is bound to a DPoP key and the refresh request
 *   proved none, or another: the session is revoked, as the token may have been stolen.
 * - `user_lookup_failed` (503): the GroupFinder failed or did not answer in time; nothing is used
 *   up or revoked: try again later.
 */
export type RefusalCode =
  | 'token_missing'
  | 'token_expired'
  | 'token_invalid'
  | 'token_revoked'
  | 'session_store_unavailable'
  | 'user_unknown'
  | 'token_ambiguous'
  | 'csrf_missing'
  | 'csrf_invalid'
  | 'group_finder_failed'
  | 'group_finder_faulty'
  | 'group_finder_timeout'
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
  | 'dpop_bound_token'
  | 'permission_denied'
  | 'scope_missing'
  | 'refresh_token_invalid'
  | 'refresh_token_expired'
  | 'refresh_token_reused'
  | 'refresh_token_revoked'
  | 'refresh_token_key_mismatch'
  | 'user_lookup_failed';

/**
 * Why a call is refused by the guard, whatever the transport: every code but those only
 * `SessionService` gives (`refresh_token_*`, `user_lookup_failed`).
 */
export type CallRefusalCode = Exclude<RefusalCode, `refresh_token_${string}` | 'user_lookup_failed'>;

/** Why a call is anonymous, when it is: a {@link CallRefusalCode} that is not about a known user. */
export type AnonymousReason = Exclude<CallRefusalCode, 'permission_denied' | 'scope_missing'>;

/** Why `SessionService` refused to open, refresh or revoke a session (see {@link RefusalCode}). */
export type SessionErrorCode = Extract<
  RefusalCode,
  `refresh_token_${string}` | 'user_lookup_failed' | 'user_unknown' | 'session_store_unavailable'
>;

/** Why a cookie-authenticated request failed its CSRF check: no header, or a wrong one. */
export type CsrfRefusalCode = Extract<RefusalCode, `csrf_${string}`>;

/** Why a DPoP request (RFC 9449), or a DPoP-bound token, is refused (see {@link RefusalCode}). */
export type DpopRefusalCode = Extract<RefusalCode, `dpop_${string}`>;
