import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
  type Type,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { JWT_AUTH_RESOLVED_OPTIONS, JWT_AUTH_RESOURCE_METADATA, SCOPES_METADATA } from './jwt-auth.constants';
import type { ResolvedResourceMetadataOptions } from './http/resource-metadata.options';
import type { ResolvedJwtAuthOptions } from './jwt-auth.options';
import type { AclDecision } from './authorization/acl-decision.model';
import { AclService } from './authorization/acl.service';
import type { PermissionRequirement } from './authorization/permission.interface';
import { grantsScopes, scopePrincipal } from './authorization/scope.util';
import { readDeclaredPermission } from './authorization/permission-requirement.reader';
import type { ResourceLoader } from './authorization/resource-loader.interface';
import { ResourceLoaderRegistry } from './authorization/resource-loader.registry';
import type { CallRequest } from './credentials/call-request.interface';
import { getCallType, getRequest, isConnectionCall, readCallToken } from './credentials/request-context.util';
import {
  combineCredentials,
  type ExtractedCredentials,
  type TokenCredentials,
} from './credentials/token-credentials.util';
import { createTokenReaders, type TokenReaders } from './credentials/token-readers.factory';
import { graphqlWsConnectionContext, isGraphqlWsConnection } from './credentials/graphql-ws.transport';
import { rememberHandshake, wsConnectionContext } from './credentials/ws.transport';
import { markCookieAuthenticated } from './cookies/cookie-session.store';
import { checkCsrfProof } from './cookies/csrf-token.util';
import { isServerFault, refusalCodeOf } from './refusal/refusal.constants';
import type { AnonymousReason, CallRefusalCode, CsrfRefusalCode } from './refusal/refusal-code.interface';
import { refusalForCall } from './refusal/refusal.factory';
import type { VerifiedClaims, JwtAuthRequestData, RequestIdentity } from './identity/identity.interface';
import { anonymousIdentity, PrincipalsService } from './identity/principals.service';
import {
  clearPendingIdentity,
  getPendingIdentity,
  getRequestIdentity,
  setPendingIdentity,
  setRequestIdentity,
} from './identity/request-identity.store';
import { AuthDecisionObserver } from './observability/auth-decision.observer';
import { describeCallOf } from './observability/call-description.util';
import { RevocationState } from './sessions/revocation.state';
import { boundKeyOf } from './dpop/dpop-binding.util';
import { DpopService, type DpopCheckRefusal } from './dpop/dpop.service';
import { JwtTokenError } from './token/jwt-token.errors';
import { JwtTokenService } from './token/jwt-token.service';
import { HandlerCache } from './utils/handler.cache';
import { isPromiseLike, type MaybePromise } from './utils/maybe-promise.util';

// The resource loaded for the request and its loader, so that it is loaded once per request even
// when the guard runs twice.
const LOADED = Symbol('nestjs-jwt-permissions:loaded-resource');
interface LoadedResource {
  readonly loader: ResourceLoader;
  readonly resource: unknown;
}
const NO_TOKENS: readonly string[] = Object.freeze([]);
const NO_SCOPES: readonly string[] = Object.freeze([]);
// The call in which each failed GroupFinder lookup happened. Nest hands every guard of one call the
// same context, so a connection's failure is shared by those guards (instances of this class that
// may differ: global and @UseGuards), and not by its later messages.
const faultContexts = new WeakMap<RequestIdentity, ExecutionContext>();

/**
 * Authenticates each call from its JWT and checks the permission its handler requires, on every
 * transport: HTTP (Express, Fastify), GraphQL, WebSockets and microservices. Registered globally
 * by `JwtAuthModule` unless `globalGuard: false`. Each step of `canActivate` is a protected method
 * that a subclass may override. The steps that may wait (`identify`, `verifyToken`, `checkDpop`,
 * `getPrincipals`, `loadResource`) return a value or a promise of it: an override may be `async`,
 * and should `await` what `super` returns.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  protected readonly logger = new Logger('JwtAuth');
  // Injected as properties, so that the constructor takes nothing: a subclass declares its own
  // without passing on (or naming the types of) the library's internal services.
  @Inject(Reflector) private readonly reflector!: Reflector;
  @Inject(JwtTokenService) private readonly tokenService!: JwtTokenService;
  @Inject(PrincipalsService) private readonly principalsService!: PrincipalsService;
  @Inject(AclService) private readonly aclService!: AclService;
  @Inject(ResourceLoaderRegistry) private readonly resourceLoaders!: ResourceLoaderRegistry;
  @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options!: ResolvedJwtAuthOptions;
  @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost;
  @Optional() @Inject(RevocationState) private readonly revocations?: RevocationState;
  @Optional()
  @Inject(JWT_AUTH_RESOURCE_METADATA)
  private readonly resourceMetadata?: ResolvedResourceMetadataOptions | null;
  @Optional() @Inject(AuthDecisionObserver) private readonly observer?: AuthDecisionObserver;
  @Optional() @Inject(DpopService) private readonly dpop?: DpopService;
  // Built from the options on first use: properties are injected after the constructor has run.
  private readers?: TokenReaders;
  private readonly requirements = new HandlerCache<PermissionRequirement>((handler, controller) =>
    this.readPermissionRequirement(handler, controller),
  );

  private get tokenReaders(): TokenReaders {
    return (this.readers ??= createTokenReaders(this.options));
  }

  /**
   * Who the caller is (credentials, then token, then identity: see {@link JwtAuthGuard.identify}), then whether
   * the route lets them in. Answers `true` at once, without a promise, when nothing has to be
   * waited for (a token verified with a configured key, a synchronous GroupFinder, no resource
   * loader): Nest accepts either, and promises are a good part of what a guard costs. Otherwise a
   * promise. A refusal is thrown, or rejected, the same way: call it from `async` code and `await` it.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = getRequest(context);
    const identity = this.identityOf(request, context);
    return isPromiseLike(identity)
      ? this.authorizeLater(identity, request, context)
      : this.authorize(identity, request, context);
  }

  /**
   * Authenticates a connection as soon as it opens, instead of on its first guarded message: a
   * WebSocket gateway's socket, from `handleConnection`, or a `graphql-ws` connection's context
   * (what `GraphqlWsAuthService`'s hooks do at `connection_init`). Reads the connection's token,
   * resolves the identity and keeps it on the connection, and returns it, so that the caller may
   * turn away a connection that is not a user before it receives anything. Called again, it
   * answers the identity kept, turned anonymous once the token's `exp` has passed. With the `ws`
   * adapter, pass the upgrade request too (it is remembered as by {@link rememberHandshake}).
   *
   * ```ts
   * async handleConnection(client: Socket) {
   *   const { userId } = await this.jwtAuthGuard.authenticateConnection(client);
   *   if (userId === null) client.disconnect(true);
   * }
   * ```
   */
  async authenticateConnection(
    client: object,
    request?: { headers: object; url?: string },
  ): Promise<RequestIdentity> {
    if (request !== undefined) rememberHandshake(client, request);
    const context = isGraphqlWsConnection(client)
      ? graphqlWsConnectionContext(client)
      : wsConnectionContext(client);
    return this.identityOf(getRequest(context), context);
  }

  /**
   * Who the caller is: extract the token, verify it, check a cookie's CSRF proof, then resolve the
   * user's principals. A cookie that authenticates the user is recorded for the reissue.
   */
  protected identify(request: CallRequest, context?: ExecutionContext): MaybePromise<RequestIdentity> {
    const credentials = this.extractCredentials(request, context);
    if (typeof credentials === 'string') return anonymousIdentity(credentials);
    const started = this.observer?.verificationStart() ?? 0;
    let claims = this.verifyToken(credentials.token);
    if (started !== 0) claims = this.observer!.verified(claims, started);
    return isPromiseLike(claims)
      ? this.identifyClaimsLater(claims, credentials, request)
      : this.identifyClaims(claims, credentials, request);
  }

  /**
   * The token the call carries and where it came from: `extractToken`'s and, in cookie mode over
   * HTTP (GraphQL included), the cookie's; or why there is none usable (none, or more than one:
   * over HTTP, the token header sent twice is as ambiguous as a header and a cookie).
   * WebSocket handshakes and microservice messages never use the cookie: a browser sends cookies
   * on a cross-site WebSocket handshake too, where no CSRF header can protect it.
   */
  protected extractCredentials(request: CallRequest, context?: ExecutionContext): ExtractedCredentials {
    const type = context ? getCallType(context) : 'http';
    if (type !== 'http' && type !== 'graphql')
      return combineCredentials(this.extractToken(request, context), NO_TOKENS);
    if (this.tokenReaders.repeatedHeader(request)) return 'token_ambiguous';
    const readCookie = this.tokenReaders.cookie;
    const cookieTokens = readCookie ? readCookie(request.headers ?? {}) : NO_TOKENS;
    const token = this.extractToken(request, context);
    // The DPoP scheme is only looked for when no other token was found: a Bearer request pays nothing.
    const readDpop = this.tokenReaders.dpop;
    if (token === undefined && readDpop !== undefined) {
      const bound = readDpop(request.headers ?? {});
      if (bound !== undefined) return combineCredentials(bound, cookieTokens, 'dpop');
    }
    return combineCredentials(token, cookieTokens);
  }

  /**
   * The raw token the call carries, or `undefined`: the HTTP header (also under GraphQL), the
   * WebSocket handshake, or the microservice message (see docs/transports.md). Override to read
   * it from elsewhere.
   */
  protected extractToken(request: CallRequest, context?: ExecutionContext): string | undefined {
    return readCallToken(context, request, this.tokenReaders);
  }

  /**
   * The token's claims, or the refusal as a value: a bad token makes the request anonymous, not
   * failed. At once, unless a `jwksUri` key has to be fetched (see `tryVerifyToken`).
   */
  protected verifyToken(token: string): MaybePromise<VerifiedClaims | JwtTokenError> {
    return this.tokenService.tryVerifyToken(token);
  }

  /**
   * Why verified claims are refused although their token is genuine and in date: `token_revoked`
   * when `SessionService` revoked the token, its session or its user; `session_store_unavailable`
   * when the revocations may be out of date for longer than `sessions.maxStaleness`; `undefined`
   * when they stand. An in-memory lookup, on every request (a cached token too), never a network call.
   */
  private checkRevocation(
    claims: VerifiedClaims,
  ): Extract<AnonymousReason, 'token_revoked' | 'session_store_unavailable'> | undefined {
    return this.revocations?.check(claims);
  }

  /**
   * Why a token's DPoP binding refuses the request (RFC 9449 §7), or `undefined` when it does not:
   * for `Authorization: DPoP`, its proof (see `DpopService.check`), which may wait on the replay
   * store; for any other token, `dpop_bound_token` when it is bound to a DPoP key (`cnf.jkt`),
   * since a bound token is never a bearer token. Only called for DPoP requests and tokens with `cnf`.
   */
  protected checkDpop(
    request: CallRequest,
    credentials: TokenCredentials,
    claims: VerifiedClaims,
  ): MaybePromise<DpopCheckRefusal | undefined> {
    if (credentials.source !== 'dpop')
      return boundKeyOf(claims) === undefined ? undefined : 'dpop_bound_token';
    return this.dpop === undefined
      ? 'dpop_proof_missing'
      : this.dpop.check(request, credentials.token, claims);
  }

  /**
   * For a token from the cookie, on an unsafe method, the CSRF refusal when the CSRF header does
   * not echo the token bound to it; `undefined` when it does or when no proof is needed.
   */
  protected checkCsrf(
    request: CallRequest,
    credentials: TokenCredentials,
    claims: VerifiedClaims,
  ): CsrfRefusalCode | undefined {
    const refusal = checkCsrfProof(
      request.method,
      request.headers ?? {},
      credentials,
      claims,
      this.options.cookie?.csrf,
    );
    if (refusal !== undefined) {
      this.debug(`cookie of ${JSON.stringify(claims.sub)} refused: ${refusal}`);
      this.observer?.csrfFailed(refusal, claims, request.method);
    }
    return refusal;
  }

  /** The identity behind verified claims: the user id and the GroupFinder's groups (at once when it answers synchronously). */
  protected getPrincipals(claims: VerifiedClaims, request: unknown): MaybePromise<RequestIdentity> {
    return this.principalsService.resolve(claims, request);
  }

  /**
   * What the route requires: the permissions of its `@Permission()` (any one suffices), its
   * controller's, or `defaultPermission`, and the loader of the resource they are checked on. Read
   * once per handler.
   */
  protected getPermissionRequirement(context: ExecutionContext): PermissionRequirement {
    return this.requirements.get(context);
  }

  /** Whether the request is refused whatever the route allows: it carries more than one token (RFC 6750 §3.1). */
  protected isMalformed(identity: RequestIdentity): boolean {
    return identity.anonymousReason === 'token_ambiguous';
  }

  /**
   * The resource the route acts on, from its loader, exposed to the handler as
   * `request.permissionResource`. None found: 404, before any permission is checked.
   */
  protected async loadResource(
    loader: ResourceLoader,
    request: CallRequest,
    context: ExecutionContext,
  ): Promise<unknown> {
    const loaded = request[LOADED] as LoadedResource | undefined;
    if (loaded?.loader === loader) return loaded.resource;
    const resource = await loader.load(request, context);
    if (resource === null || resource === undefined) throw new NotFoundException();
    request[LOADED] = { loader, resource } satisfies LoadedResource;
    (request as JwtAuthRequestData).permissionResource = resource;
    return resource;
  }

  /** Whether principals hold the permission on the resource (the root when none), as {@link AclService} decides. */
  protected permits(principals: readonly string[], permission: string, resource?: unknown): AclDecision {
    return this.aclService.permits(principals, permission, resource);
  }

  /**
   * Whether the request's token grants every scope of the route's `@Scopes()`: its `scope` and
   * `scp` claims (see `@Scopes()`). An anonymous request has none.
   */
  private hasScopes(identity: RequestIdentity, scopes: readonly string[]): boolean {
    return identity.userId !== null && grantsScopes(identity.claims, scopes);
  }

  /**
   * The exception for a request without the route's scopes: 401 as usual when it is anonymous, else
   * 403 `insufficient_scope` naming the scopes (RFC 6750 §3.1).
   */
  private refuseScopes(
    context: ExecutionContext,
    identity: RequestIdentity,
    scopes: readonly string[],
  ): Error {
    const code = identity.userId === null ? refusalCodeOf(identity) : 'scope_missing';
    this.observer?.refused(context, identity, code, scopes);
    if (this.options.debug) {
      this.debug(
        `${describeCall(context)}: scopes ${scopes.join(' ')} denied to ${JSON.stringify(identity.principals)}: ${code}`,
      );
    }
    return this.refusalFor(context, code, scopes);
  }

  /**
   * For a user refused the route's permissions, the scope that would grant one of them through
   * `scopePermissions`, when the token holds no scope that grants any of them: the first scope
   * mapped to the first such permission. `undefined` when none is mapped, or the token holds one
   * (then the ACLs refused, and another scope would not help).
   */
  private missingScope(identity: RequestIdentity, permissions: readonly string[]): string | undefined {
    const scopesByPermission = this.options.scopePermissions.scopesByPermission;
    if (identity.userId === null || scopesByPermission.size === 0) return undefined;
    let missing: string | undefined;
    for (const permission of permissions) {
      const scopes = scopesByPermission.get(permission);
      if (scopes === undefined) continue;
      if (scopes.some((scope) => identity.principals.includes(scopePrincipal(scope)))) return undefined;
      missing ??= scopes[0];
    }
    return missing;
  }

  /**
   * The exception for a refused call, from why it is refused (see {@link JwtAuthGuard.refusalFor}): 403
   * `insufficient_scope` naming a scope when `missingScope` finds one. With `debug`, logs the
   * route or handler, what it requires and who was refused.
   */
  protected refuse(
    context: ExecutionContext,
    identity: RequestIdentity,
    permissions: readonly string[],
  ): Error {
    const missing = this.missingScope(identity, permissions);
    if (missing !== undefined) return this.refuseScopes(context, identity, [missing]);
    const code = refusalCodeOf(identity);
    this.observer?.refused(context, identity, code, permissions);
    if (this.options.debug) {
      this.debug(
        `${describeCall(context)}: ${permissions.join(' or ')} denied to ${JSON.stringify(identity.principals)}: ${code}`,
      );
    }
    return this.refusalFor(context, code);
  }

  /**
   * The answer to a refusal in the call's own transport: over HTTP a 401 (anonymous) or 403 (a
   * user without the permission) with its `WWW-Authenticate` challenge (RFC 6750 §3), 400 for more
   * than one token, 403 for a failed CSRF check, 500 or 503 when the GroupFinder failed; under
   * GraphQL a `GraphqlRefusal` error with `extensions.code` `UNAUTHENTICATED` or `FORBIDDEN` (and a
   * subscription's `graphql-ws` connection closed with 4401 when its token is bad); on a WebSocket
   * a `WsException` (and the socket disconnected when its token is bad); for a microservice an
   * `RpcException`. Override to answer differently.
   */
  protected refusalFor(context: ExecutionContext, code: CallRefusalCode, scopes?: readonly string[]): Error {
    return refusalForCall(
      context,
      code,
      {
        realm: this.options.realm,
        adapter: this.adapterHost?.httpAdapter,
        resourceMetadata: this.resourceMetadata?.url,
        dpop: this.dpop?.challenge,
      },
      scopes,
    );
  }

  /** What the route of `handler` requires, from its metadata: see {@link JwtAuthGuard.getPermissionRequirement}. */
  private readPermissionRequirement(handler: Function, controller: Type<unknown>): PermissionRequirement {
    const { permissions, loaderClass } = readDeclaredPermission(this.reflector, handler, controller);
    return {
      permissions: permissions ?? Object.freeze([this.options.defaultPermission]),
      loader: loaderClass ? this.resourceLoaders.get(loaderClass) : undefined,
      scopes:
        this.reflector.getAllAndOverride<readonly string[] | undefined>(SCOPES_METADATA, [
          handler,
          controller,
        ]) ?? NO_SCOPES,
    };
  }

  /**
   * The identity of the call, resolved once per request (once per connection on a WebSocket): the
   * one already kept on it, the one an overlapping guard run is resolving, or a new one.
   */
  private identityOf(request: CallRequest, context: ExecutionContext): MaybePromise<RequestIdentity> {
    return (
      this.currentIdentity(request, context) ??
      getPendingIdentity(request) ??
      this.identifyOnce(request, context)
    );
  }

  /**
   * {@link JwtAuthGuard.identify}, with the identity kept on the request. While it is resolved, it is shared
   * with the guard runs that overlap on the same request or connection: GraphQL runs the guard
   * once per top-level field, and a WebSocket once per message.
   */
  private identifyOnce(request: CallRequest, context: ExecutionContext): MaybePromise<RequestIdentity> {
    const identity = this.identify(request, context);
    if (!isPromiseLike(identity)) return this.attachIdentity(identity, request, context);
    const pending = this.attachIdentityLater(identity, request, context);
    setPendingIdentity(request, pending);
    return pending;
  }

  private async attachIdentityLater(
    identity: PromiseLike<RequestIdentity>,
    request: object,
    context: ExecutionContext,
  ): Promise<RequestIdentity> {
    try {
      return this.attachIdentity(await identity, request, context);
    } finally {
      // Cleared however it ends; a connection's next message asks again when this lookup failed.
      clearPendingIdentity(request);
    }
  }

  /**
   * The identity behind a token's verification: anonymous when it is refused or its cookie's CSRF
   * proof fails, else its user's. A cookie that authenticates the user is recorded for the reissue.
   */
  private identifyClaims(
    claims: VerifiedClaims | JwtTokenError,
    credentials: TokenCredentials,
    request: CallRequest,
  ): MaybePromise<RequestIdentity> {
    if (claims instanceof JwtTokenError) {
      this.debug(`token refused: ${claims.code}`);
      return anonymousIdentity(claims.code === 'expired' ? 'token_expired' : 'token_invalid');
    }
    const revoked = this.checkRevocation(claims);
    if (revoked !== undefined) {
      this.debug(`token of ${JSON.stringify(claims.sub)} refused: ${revoked}`);
      return anonymousIdentity(revoked);
    }
    if (credentials.source === 'dpop' || claims.cnf !== undefined) {
      const dpopRefusal = this.checkDpop(request, credentials, claims);
      if (isPromiseLike(dpopRefusal))
        return this.identifyBoundLater(dpopRefusal, claims, credentials, request);
      if (dpopRefusal !== undefined) return this.refuseBinding(dpopRefusal, claims);
    }
    return this.identifyBound(claims, credentials, request);
  }

  private async identifyBoundLater(
    refusal: PromiseLike<DpopCheckRefusal | undefined>,
    claims: VerifiedClaims,
    credentials: TokenCredentials,
    request: CallRequest,
  ): Promise<RequestIdentity> {
    const dpopRefusal = await refusal;
    if (dpopRefusal !== undefined) return this.refuseBinding(dpopRefusal, claims);
    return this.identifyBound(claims, credentials, request);
  }

  private refuseBinding(refusal: DpopCheckRefusal, claims: VerifiedClaims): RequestIdentity {
    this.debug(`token of ${JSON.stringify(claims.sub)} refused: ${refusal}`);
    return anonymousIdentity(refusal);
  }

  /** The identity behind claims whose token's binding, if any, holds: CSRF, then principals. */
  private identifyBound(
    claims: VerifiedClaims,
    credentials: TokenCredentials,
    request: CallRequest,
  ): MaybePromise<RequestIdentity> {
    const csrfRefusal = this.checkCsrf(request, credentials, claims);
    if (csrfRefusal !== undefined) return anonymousIdentity(csrfRefusal);
    const identity = this.getPrincipals(claims, request);
    return isPromiseLike(identity)
      ? this.acceptIdentityLater(identity, claims, credentials, request)
      : this.acceptIdentity(identity, claims, credentials, request);
  }

  private async identifyClaimsLater(
    claims: PromiseLike<VerifiedClaims | JwtTokenError>,
    credentials: TokenCredentials,
    request: CallRequest,
  ): Promise<RequestIdentity> {
    return this.identifyClaims(await claims, credentials, request);
  }

  /** The identity the GroupFinder gave a token's user. A cookie that authenticates the user is recorded for the reissue. */
  private acceptIdentity(
    identity: RequestIdentity,
    claims: VerifiedClaims,
    credentials: TokenCredentials,
    request: CallRequest,
  ): RequestIdentity {
    if (identity.userId === null)
      this.debug(`token of ${JSON.stringify(claims.sub)} refused: ${identity.anonymousReason}`);
    else if (credentials.source === 'cookie') markCookieAuthenticated(request, claims);
    return identity;
  }

  private async acceptIdentityLater(
    identity: PromiseLike<RequestIdentity>,
    claims: VerifiedClaims,
    credentials: TokenCredentials,
    request: CallRequest,
  ): Promise<RequestIdentity> {
    return this.acceptIdentity(await identity, claims, credentials, request);
  }

  /**
   * Whether `identity` may call the route: what it requires (see {@link JwtAuthGuard.getPermissionRequirement}),
   * checked on the resource its loader finds, if any. `true`, or the refusal thrown.
   */
  private authorize(
    identity: RequestIdentity,
    request: CallRequest,
    context: ExecutionContext,
  ): MaybePromise<boolean> {
    const { permissions, loader, scopes } = this.getPermissionRequirement(context);
    if (this.isMalformed(identity)) throw this.refuse(context, identity, permissions);
    if (scopes.length > 0 && !this.hasScopes(identity, scopes))
      throw this.refuseScopes(context, identity, scopes);
    if (loader === undefined) return this.permitOrRefuse(undefined, identity, permissions, context);
    return this.permitOrRefuseLater(
      this.loadResource(loader, request, context),
      identity,
      permissions,
      context,
    );
  }

  private async authorizeLater(
    identity: PromiseLike<RequestIdentity>,
    request: CallRequest,
    context: ExecutionContext,
  ): Promise<boolean> {
    return this.authorize(await identity, request, context);
  }

  /**
   * `true` when the identity holds one of the permissions on the resource (none: the root), else
   * the refusal thrown.
   */
  private permitOrRefuse(
    resource: unknown,
    identity: RequestIdentity,
    permissions: readonly string[],
    context: ExecutionContext,
  ): true {
    let decision: AclDecision | undefined;
    for (let i = 0; i < permissions.length; i++) {
      decision = this.permits(identity.principals, permissions[i], resource);
      if (decision.allowed) {
        this.observer?.allowed(identity, context);
        return true;
      }
    }
    this.observer?.permissionDenied(context, identity, decision, resource);
    throw this.refuse(context, identity, permissions);
  }

  private async permitOrRefuseLater(
    resource: PromiseLike<unknown>,
    identity: RequestIdentity,
    permissions: readonly string[],
    context: ExecutionContext,
  ): Promise<true> {
    return this.permitOrRefuse(await resource, identity, permissions, context);
  }

  /**
   * The identity already resolved for this request, if any. A connection outlives its token: once
   * the token's `exp` has passed, a WebSocket's identity turns anonymous (`token_expired`), and
   * once it is revoked, `token_revoked`. A GroupFinder that failed on a connection, or revocations
   * that were out of date, are asked again on its next message or subscription, so that the
   * connection does not keep a passing fault for its whole life; the guards of one call share it.
   */
  private currentIdentity(request: CallRequest, context: ExecutionContext): RequestIdentity | undefined {
    const identity = getRequestIdentity(request);
    if (identity?.anonymousReason !== undefined && this.isPastFault(identity, context)) return undefined;
    const claims = identity?.claims;
    if (claims === undefined) return identity;
    const expiresAt = claims.exp;
    if (
      typeof expiresAt === 'number' &&
      Math.floor(this.options.clock() / 1000) >= expiresAt + this.options.leeway
    ) {
      return this.attachIdentity(anonymousIdentity('token_expired'), request);
    }
    const revoked = this.checkRevocation(claims);
    return revoked === undefined ? identity : this.attachIdentity(anonymousIdentity(revoked), request);
  }

  /**
   * Keeps the identity on the request. A WebSocket that authenticates is followed, so that a
   * revocation closes it; a passing fault remembers the call it happened on (see `isPastFault`).
   */
  private attachIdentity(
    identity: RequestIdentity,
    request: object,
    context?: ExecutionContext,
  ): RequestIdentity {
    if (
      context !== undefined &&
      identity.anonymousReason !== undefined &&
      isPassingFault(identity.anonymousReason)
    ) {
      faultContexts.set(identity, context);
    }
    if (context !== undefined && identity.claims !== undefined && getCallType(context) === 'ws') {
      this.revocations?.trackConnection(request, identity.claims);
    }
    setRequestIdentity(request, identity);
    if (context !== undefined) this.observer?.identified(identity, context);
    const requestUser = this.options.requestUser;
    if (requestUser !== undefined) {
      (request as { user?: unknown }).user = identity.userId === null ? undefined : requestUser(identity);
    }
    return identity;
  }

  /**
   * Whether `identity` is a passing fault on a connection (a GroupFinder's failure, revocations out
   * of date), from a message before this one.
   */
  private isPastFault(identity: RequestIdentity, context: ExecutionContext): boolean {
    const reason = identity.anonymousReason;
    return (
      reason !== undefined &&
      isPassingFault(reason) &&
      isConnectionCall(context) &&
      faultContexts.get(identity) !== context
    );
  }

  private debug(message: string): void {
    if (this.options.debug) this.logger.log(message);
  }
}

/** A refusal that says nothing of the credentials, which the next call may not meet. */
function isPassingFault(reason: CallRefusalCode): boolean {
  return isServerFault(reason) || reason === 'session_store_unavailable';
}

/** The route or handler a call reached, for the debug log: `NotesController.list` and, over HTTP, `GET /notes`. */
function describeCall(context: ExecutionContext): string {
  const { transport, handler, route } = describeCallOf(context);
  if (transport !== 'http') return `${transport} ${handler}`;
  return route === undefined ? handler : `${handler} (${route})`;
}
