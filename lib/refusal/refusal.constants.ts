import { DPOP_REFUSAL_MESSAGES } from '../dpop/dpop-refusal.constants';
import type { RequestIdentity } from '../identity/identity.interface';
import type { CallRefusalCode } from './refusal-code.interface';

/**
 * The text of each refusal, sent to clients on every transport. Fixed and printable (RFC 6750 §3:
 * no `"` or `\`), never a library's internal message.
 */
export const REFUSAL_MESSAGES: Readonly<Record<CallRefusalCode, string>> = {
  token_missing: 'No access token was provided',
  token_expired: 'The access token has expired',
  token_invalid: 'The access token is invalid',
  token_revoked: 'The access token has been revoked',
  session_store_unavailable: 'The session store is unavailable; try again later',
  user_unknown: 'The access token does not identify a known user',
  token_ambiguous: 'The request carries more than one access token',
  csrf_missing: 'The CSRF token header is missing',
  csrf_invalid: 'The CSRF token header does not match the session',
  group_finder_failed: 'The server could not look up the groups of the user',
  group_finder_faulty: 'The GroupFinder of the server is faulty: it did not answer with group names',
  group_finder_timeout: 'The server could not look up the groups of the user in time',
  permission_denied: 'The access token does not grant the permission this request needs',
  scope_missing: 'The access token lacks a scope this request needs',
  ...DPOP_REFUSAL_MESSAGES,
};

/** Why `identity` is refused: its anonymous reason, or `permission_denied` when it is a user. */
export function refusalCodeOf(identity: RequestIdentity): CallRefusalCode {
  return identity.userId === null ? (identity.anonymousReason ?? 'token_missing') : 'permission_denied';
}

/**
 * Whether the call presented credentials that can never succeed (a bad or expired token, or a
 * user the GroupFinder refused, a DPoP-bound token sent as a bearer token), as opposed to presenting
 * none or lacking a permission. A refused DPoP proof is not: the next proof may pass.
 */
export function isCredentialsRefusal(code: CallRefusalCode): boolean {
  return (
    code === 'token_invalid' ||
    code === 'token_expired' ||
    code === 'token_revoked' ||
    code === 'user_unknown' ||
    // A bound token can never prove its key over a transport without DPoP proofs.
    code === 'dpop_bound_token'
  );
}

/**
 * Whether the refusal is the server's fault, not the caller's: its GroupFinder failed, answered
 * something other than group names, or did not answer in time. Retrying may help; logging in won't.
 */
export function isServerFault(code: CallRefusalCode): boolean {
  return code === 'group_finder_failed' || code === 'group_finder_faulty' || code === 'group_finder_timeout';
}
