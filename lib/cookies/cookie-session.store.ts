import type { VerifiedClaims } from '../identity/identity.interface';

// Two facts, each kept on the object it is about, in weak maps so nothing outlives the request:
// - a request was authenticated by a cookie (the guard knows it, the reissue needs it);
// - a response's cookie was settled by the handler (remember, forget, cancelReissue), so no
//   reissue may overwrite that decision.
const cookieAuthenticated = new WeakMap<object, VerifiedClaims>();
const settledResponses = new WeakSet<object>();

/** Records that `request` was authenticated by a cookie whose token has these claims. */
export function markCookieAuthenticated(request: object, claims: VerifiedClaims): void {
  cookieAuthenticated.set(request, claims);
}

/** The claims of the cookie that authenticated `request`, or `undefined` when no cookie did. */
export function cookieAuthenticatedClaims(request: object): VerifiedClaims | undefined {
  return cookieAuthenticated.get(request);
}

/** Records that the handler decided what `response`'s cookie is: no reissue for it. */
export function settleResponse(response: object): void {
  settledResponses.add(response);
}

/** Whether the handler decided what `response`'s cookie is. */
export function isResponseSettled(response: object): boolean {
  return settledResponses.has(response);
}
