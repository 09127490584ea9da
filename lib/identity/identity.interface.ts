import type { AnonymousReason } from '../refusal/refusal-code.interface';

/** A JSON value that cannot be changed: what a claim holds. */
export type ReadonlyJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly ReadonlyJsonValue[]
  | { readonly [key: string]: ReadonlyJsonValue };

/**
 * The claims of a verified token, read-only: they are frozen at run time (the token cache shares
 * them between requests), so changing them is a compile-time error too. Extend it by declaration
 * merging to type your own claims, read-only as well:
 * `declare module 'nestjs-jwt-permissions' { interface VerifiedClaims { readonly roles?: readonly string[] } }`.
 */
export interface VerifiedClaims {
  /** The user id the token was issued for. */
  readonly sub?: string;
  /** Issued at, in seconds since the epoch. */
  readonly iat?: number;
  /** Expiration time, in seconds since the epoch. Always present on a verified token. */
  readonly exp?: number;
  /** Not before, in seconds since the epoch. */
  readonly nbf?: number;
  /** The audience. */
  readonly aud?: string | readonly string[];
  /** The issuer. */
  readonly iss?: string;
  readonly [claim: string]: ReadonlyJsonValue | undefined;
}

/** Who a request is: what the guard resolves once per request and exposes to handlers. */
export interface RequestIdentity {
  /** The authenticated user id, or `null` for an anonymous request. */
  readonly userId: string | null;
  /**
   * `[Everyone, Authenticated, userPrincipal(userId), ...groups]` (the user as `user:<id>`, so that no
   * user id is ever read as a group), or `[Everyone]` when anonymous.
   */
  readonly principals: readonly string[];
  /** The verified token's claims; `undefined` when anonymous. */
  readonly claims: VerifiedClaims | undefined;
  /** Why the request is anonymous; `undefined` when authenticated. */
  readonly anonymousReason: AnonymousReason | undefined;
}

/**
 * What the guard sets on the object that carries the call's identity, for code that does not use
 * the parameter decorators: the request (Express `req`, Fastify `request`, also under GraphQL), the
 * WebSocket client, or the RPC context of a microservice message.
 */
export interface JwtAuthRequestData {
  /** The verified token's claims, or `undefined` when anonymous. */
  jwtClaims?: VerifiedClaims;
  /** The authenticated user id, or `null` when anonymous. */
  authenticatedUserId?: string | null;
  /** The request's principals. */
  effectivePrincipals?: readonly string[];
  /** The resource loaded for `@Permission(name, { resource })`; `undefined` on other routes. */
  permissionResource?: unknown;
}

/**
 * `request.user` with the `requestUser: true` option: the verified claims, and `userId` (the
 * token's `sub`), the shape `@nestjs/passport` + `passport-jwt` code reads (`req.user.userId`).
 */
export type JwtRequestUser = VerifiedClaims & { readonly userId: string };
