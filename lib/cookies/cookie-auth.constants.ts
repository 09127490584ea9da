/**
 * The claim in which `remember()` records when the user authenticated (seconds since the epoch, as
 * OpenID Connect's `auth_time`). Reissues keep it, so `maxSessionAge` caps a whole chain of them.
 */
export const AUTH_TIME_CLAIM = 'auth_time';

/**
 * The claim in which `remember()` records a random id of the login session (as OpenID Connect's
 * `sid`). Reissues keep it; the CSRF token is bound to it.
 */
export const SESSION_ID_CLAIM = 'sid';

/** Metadata key under which `@NoReissue()` marks a handler or controller. */
export const NO_REISSUE_METADATA = 'nestjs-jwt-permissions:no-reissue';
