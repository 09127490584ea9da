import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
  type Type,
  type CanActivate,
  type ExecutionContext,
  type HttpException,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { PERMISSION_METADATA, PERMISSION_RESOURCE_METADATA, JWT_AUTH_RESOLVED_OPTIONS } from './jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from './jwt-auth.options';
import type { AclDecision } from './authorization/acl-decision';
import { AclService } from './authorization/acl.service';
import type { PermissionRequirement } from './authorization/permission.interface';
import type { ResourceLoader } from './authorization/resource-loader';
import { ResourceLoaderRegistry } from './authorization/resource-loader.registry';
import { createCookieTokenExtractor, type CookieTokenExtractor } from './credentials/cookie-token.extractor';
import { createHeaderTokenExtractor, type HeaderTokenExtractor } from './credentials/header-token.extractor';
import { getRequest, getResponse } from './credentials/request-context';
import { combineCredentials, type ExtractedCredentials, type TokenCredentials } from './credentials/token-credentials';
import { markCookieAuthenticated } from './cookies/cookie-session';
import { checkCsrfProof, type CsrfRefusal } from './cookies/csrf-token';
import { challengeFor } from './http/challenge';
import type { JwtAuthClaims, JwtAuthRequestData, RequestIdentity } from './identity/identity.interface';
import { anonymousIdentity, PrincipalsService } from './identity/principals.service';
import { JwtTokenError } from './token/jwt-token.errors';
import { JwtTokenService } from './token/jwt-token.service';

// Where the identity is kept on the request, so that it is resolved (and the GroupFinder called)
// at most once even when the guard runs twice (global and @UseGuards).
const IDENTITY = Symbol('nestjs-jwt-auth:identity');
// The resource loaded for the request and its loader, for the same reason: one load per request.
const LOADED = Symbol('nestjs-jwt-auth:loaded-resource');

/**
 * Authenticates each request from its JWT and checks the permission its route requires.
 * Registered globally by `JwtAuthModule` unless `globalGuard: false`. Each step of
 * `canActivate` is a protected method that a subclass may override.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  protected readonly logger = new Logger('JwtAuth');
  private readonly readHeaderToken: HeaderTokenExtractor;
  private readonly readCookieTokens: CookieTokenExtractor;
  private readonly requirementByHandler = new WeakMap<object, Map<object, PermissionRequirement>>();

  constructor(
    protected readonly reflector: Reflector,
    protected readonly tokenService: JwtTokenService,
    protected readonly principalsService: PrincipalsService,
    protected readonly aclService: AclService,
    protected readonly resourceLoaders: ResourceLoaderRegistry,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) protected readonly options: ResolvedJwtAuthOptions,
    @Optional() protected readonly adapterHost?: HttpAdapterHost,
  ) {
    this.readHeaderToken = createHeaderTokenExtractor(options.httpHeader, options.authTypes);
    this.readCookieTokens = options.cookie ? createCookieTokenExtractor(options.cookie.name) : () => [];
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = getRequest(context);
    const identity: RequestIdentity = request[IDENTITY] ?? this.attachIdentity(request, await this.identify(request));
    const { permission, loader } = this.getPermissionRequirement(context);
    if (this.isMalformed(identity)) throw this.refuse(context, identity, permission);
    const resource = loader && (await this.loadResource(loader, request, context));
    if (this.permits(identity.principals, permission, resource).allowed) return true;
    throw this.refuse(context, identity, permission);
  }

  /**
   * Who the request is: extract the token, verify it, check a cookie's CSRF proof, then resolve
   * the user's principals. A cookie that authenticates the user is recorded for the reissue.
   */
  protected async identify(request: any): Promise<RequestIdentity> {
    const credentials = this.extractCredentials(request);
    if (typeof credentials === 'string') return anonymousIdentity(credentials);
    const claims = await this.verifyToken(credentials.token);
    if (claims instanceof JwtTokenError) {
      return anonymousIdentity(claims.code === 'expired' ? 'token_expired' : 'token_invalid');
    }
    const csrfRefusal = this.checkCsrf(request, credentials, claims);
    if (csrfRefusal !== undefined) return anonymousIdentity(csrfRefusal);
    const identity = await this.getPrincipals(claims, request);
    if (identity.userId === null) this.debug(`token of ${JSON.stringify(claims.sub)} refused: user_unknown`);
    else if (credentials.source === 'cookie') markCookieAuthenticated(request, claims);
    return identity;
  }

  /**
   * The token the request carries and where it came from: `extractToken`'s and, in cookie mode,
   * the cookie's; or why there is none usable (none, or more than one).
   */
  protected extractCredentials(request: any): ExtractedCredentials {
    return combineCredentials(this.extractToken(request), this.readCookieTokens(request.headers ?? {}));
  }

  /** The raw token the request carries in its header, or `undefined`. Override to read it from elsewhere. */
  protected extractToken(request: any): string | undefined {
    return this.readHeaderToken(request.headers ?? {});
  }

  /** The token's claims, or the refusal as a value: a bad token makes the request anonymous, not failed. */
  protected async verifyToken(token: string): Promise<JwtAuthClaims | JwtTokenError> {
    try {
      return await this.tokenService.verifyToken(token);
    } catch (error) {
      if (!(error instanceof JwtTokenError)) throw error;
      this.debug(`token refused: ${error.code}`);
      return error;
    }
  }

  /**
   * For a token from the cookie, on an unsafe method, the CSRF refusal when the CSRF header does
   * not echo the token bound to it; `undefined` when it does or when no proof is needed.
   */
  protected checkCsrf(request: any, credentials: TokenCredentials, claims: JwtAuthClaims): CsrfRefusal | undefined {
    const refusal = checkCsrfProof(request.method, request.headers ?? {}, credentials, claims, this.options.cookie?.csrf);
    if (refusal !== undefined) this.debug(`cookie of ${JSON.stringify(claims.sub)} refused: ${refusal}`);
    return refusal;
  }

  /** The identity behind verified claims: the user id and the GroupFinder's groups. */
  protected getPrincipals(claims: JwtAuthClaims, request: unknown): Promise<RequestIdentity> {
    return this.principalsService.resolve(claims, request);
  }

  /**
   * What the route requires: the permission of its `@Permission()`, its controller's, or
   * `defaultPermission`, and the loader of the resource it is checked on. Read once per handler.
   */
  protected getPermissionRequirement(context: ExecutionContext): PermissionRequirement {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.requirementByHandler.get(controller);
    if (!byHandler) this.requirementByHandler.set(controller, (byHandler = new Map()));
    let requirement = byHandler.get(handler);
    if (requirement === undefined) {
      const targets = [handler, controller];
      const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_METADATA, targets);
      const loaderClass = this.reflector.getAllAndOverride<Type<ResourceLoader> | null>(
        PERMISSION_RESOURCE_METADATA,
        targets,
      );
      requirement = {
        permission: permission ?? this.options.defaultPermission,
        loader: loaderClass ? this.resourceLoaders.get(loaderClass) : undefined,
      };
      byHandler.set(handler, requirement);
    }
    return requirement;
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
    request: Record<string | symbol, any>,
    context: ExecutionContext,
  ): Promise<unknown> {
    if (request[LOADED]?.loader === loader) return request[LOADED].resource;
    const resource = await loader.load(request, context);
    if (resource === null || resource === undefined) throw new NotFoundException();
    request[LOADED] = { loader, resource };
    const data: JwtAuthRequestData = request;
    data.permissionResource = resource;
    return resource;
  }

  /** Whether principals hold the permission on the resource (the root when none), as {@link AclService} decides. */
  protected permits(principals: readonly string[], permission: string, resource?: unknown): AclDecision {
    return this.aclService.permits(principals, permission, resource);
  }

  /**
   * The exception for a refused request, with its `WWW-Authenticate` challenge set on the response:
   * 401 for an anonymous request, 403 for an authenticated one (RFC 6750 §3), 400 for one with more
   * than one token, 403 for a failed CSRF check.
   */
  protected refuse(context: ExecutionContext, identity: RequestIdentity, permission: string): HttpException {
    const code = identity.userId === null ? (identity.anonymousReason ?? 'token_missing') : 'permission_denied';
    this.debug(`${permission} denied to ${JSON.stringify(identity.principals)}: ${code}`);
    const challenge = challengeFor(code, this.options.realm);
    if (challenge.header !== undefined) {
      this.adapterHost?.httpAdapter?.setHeader(getResponse(context), 'WWW-Authenticate', challenge.header);
    }
    return challenge.exception;
  }

  private attachIdentity(request: Record<string | symbol, any>, identity: RequestIdentity): RequestIdentity {
    request[IDENTITY] = identity;
    const data: JwtAuthRequestData = request;
    data.jwtClaims = identity.claims;
    data.authenticatedUserId = identity.userId;
    data.effectivePrincipals = identity.principals;
    return identity;
  }

  private debug(message: string): void {
    if (this.options.debug) this.logger.log(message);
  }
}
