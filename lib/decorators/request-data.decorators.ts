import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { getRequest } from '../credentials/request-context';
import type { JwtAuthRequestData } from '../identity/identity.interface';

function requestData(context: ExecutionContext): JwtAuthRequestData {
  return getRequest(context);
}

/**
 * The verified token's claims (`undefined` when anonymous), or one of them:
 * `@JwtClaims() claims: JwtAuthClaims`, `@JwtClaims('email') email?: string`.
 */
export const JwtClaims = createParamDecorator((claim: string | undefined, context: ExecutionContext) => {
  const claims = requestData(context).jwtClaims;
  return claim === undefined ? claims : claims?.[claim];
});

/** The authenticated user id (the token's `sub`), or `null` when the request is anonymous. */
export const AuthenticatedUserId = createParamDecorator(
  (_: unknown, context: ExecutionContext) => requestData(context).authenticatedUserId ?? null,
);

/** The request's principals: `[Everyone, Authenticated, userId, ...groups]`, or `[Everyone]`. */
export const EffectivePrincipals = createParamDecorator(
  (_: unknown, context: ExecutionContext) => requestData(context).effectivePrincipals,
);
