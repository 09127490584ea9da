import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { getRequest } from '../credentials/request-context.util';
import type { RequestIdentity } from '../identity/identity.interface';
import { getRequestIdentity } from '../identity/request-identity.store';

// Straight from the guard's record, not from the request's fields: that is one lookup, and it
// cannot be shadowed by a property something else set on the request.
function identityOf(context: ExecutionContext): RequestIdentity | undefined {
  return getRequestIdentity(getRequest(context));
}

/**
 * The verified token's claims (`undefined` when anonymous), or one of them:
 * `@JwtClaims() claims: VerifiedClaims`, `@JwtClaims('email') email?: string`.
 */
export const JwtClaims = createParamDecorator((claim: string | undefined, context: ExecutionContext) => {
  const claims = identityOf(context)?.claims;
  return claim === undefined ? claims : claims?.[claim];
});

/** The authenticated user id (the token's `sub`), or `null` when the request is anonymous. */
export const AuthenticatedUserId = createParamDecorator(
  (_: unknown, context: ExecutionContext) => identityOf(context)?.userId ?? null,
);

/** The request's principals: `[Everyone, Authenticated, 'user:<userId>', ...groups]`, or `[Everyone]`. */
export const EffectivePrincipals = createParamDecorator(
  (_: unknown, context: ExecutionContext) => identityOf(context)?.principals,
);
