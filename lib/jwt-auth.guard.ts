import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type CanActivate,
  type ExecutionContext,
  type HttpException,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { PERMISSION_METADATA, JWT_AUTH_RESOLVED_OPTIONS } from './jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from './jwt-auth.options';
import { permitsByPrincipal } from './authorization/permission';
import { createHeaderTokenExtractor, type HeaderTokenExtractor } from './credentials/header-token.extractor';
import { getRequest, getResponse } from './credentials/request-context';
import { challengeFor } from './http/challenge';
import type { JwtAuthClaims, RequestIdentity } from './identity/identity.interface';
import { anonymousIdentity, PrincipalsService } from './identity/principals.service';
import { defineRequestDataAccessors, getRequestIdentity, setRequestIdentity } from './identity/request-identity.store';
import { JwtTokenError } from './token/jwt-token.errors';
import { JwtTokenService } from './token/jwt-token.service';

/**
 * Authenticates each request from its JWT and checks the permission its route requires.
 * Registered globally by `JwtAuthModule` unless `globalGuard: false`. Each step of
 * `canActivate` is a protected method that a subclass may override.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate, OnModuleInit {
  protected readonly logger = new Logger('JwtAuth');
  private readonly readHeaderToken: HeaderTokenExtractor;
  private readonly permissionByHandler = new WeakMap<object, Map<object, string>>();

  constructor(
    protected readonly reflector: Reflector,
    protected readonly tokenService: JwtTokenService,
    protected readonly principalsService: PrincipalsService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) protected readonly options: ResolvedJwtAuthOptions,
    @Optional() protected readonly adapterHost?: HttpAdapterHost,
  ) {
    this.readHeaderToken = createHeaderTokenExtractor(options.httpHeader, options.authTypes);
  }

  /**
   * On Express, defines the request data (`jwtClaims`...) once as accessors on the prototype of
   * every request: each property added to an Express request costs microseconds, as each has a
   * hidden class of its own.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const prototype: unknown = adapter.getInstance()?.request;
    if (typeof prototype === 'object' && prototype !== null) defineRequestDataAccessors(prototype);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = getRequest(context);
    const identity: RequestIdentity = getRequestIdentity(request) ?? this.attachIdentity(request, await this.identify(request));
    const permission = this.getRequiredPermission(context);
    if (this.permits(identity.principals, permission)) return true;
    throw this.refuse(context, identity, permission);
  }

  /** Who the request is: extract the token, verify it, then resolve the user's principals. */
  protected async identify(request: unknown): Promise<RequestIdentity> {
    const token = this.extractToken(request);
    if (token === undefined) return anonymousIdentity('token_missing');
    const claims = await this.verifyToken(token);
    if (claims instanceof JwtTokenError) {
      return anonymousIdentity(claims.code === 'expired' ? 'token_expired' : 'token_invalid');
    }
    const identity = await this.getPrincipals(claims, request);
    if (identity.userId === null) this.debug(`token of ${JSON.stringify(claims.sub)} refused: user_unknown`);
    return identity;
  }

  /** The raw token the request carries, or `undefined`. Override to read it from elsewhere. */
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

  /** The identity behind verified claims: the user id and the GroupFinder's groups. */
  protected getPrincipals(claims: JwtAuthClaims, request: unknown): Promise<RequestIdentity> {
    return this.principalsService.resolve(claims, request);
  }

  /** The permission the route requires: its `@Permission()`, its controller's, or `defaultPermission`. */
  protected getRequiredPermission(context: ExecutionContext): string {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.permissionByHandler.get(controller);
    if (!byHandler) this.permissionByHandler.set(controller, (byHandler = new Map()));
    let permission = byHandler.get(handler);
    if (permission === undefined) {
      permission =
        this.reflector.getAllAndOverride<string | undefined>(PERMISSION_METADATA, [handler, controller]) ??
        this.options.defaultPermission;
      byHandler.set(handler, permission);
    }
    return permission;
  }

  /** Whether principals hold the permission. */
  protected permits(principals: readonly string[], permission: string): boolean {
    return permitsByPrincipal(principals, permission);
  }

  /**
   * The exception for a refused request, with its `WWW-Authenticate` challenge set on the response:
   * 401 for an anonymous request, 403 for an authenticated one (RFC 6750 §3).
   */
  protected refuse(context: ExecutionContext, identity: RequestIdentity, permission: string): HttpException {
    const code = identity.userId === null ? (identity.anonymousReason ?? 'token_missing') : 'permission_denied';
    this.debug(`${permission} denied to ${JSON.stringify(identity.principals)}: ${code}`);
    const challenge = challengeFor(code, this.options.realm);
    this.adapterHost?.httpAdapter?.setHeader(getResponse(context), 'WWW-Authenticate', challenge.header);
    return challenge.exception;
  }

  private attachIdentity(request: object, identity: RequestIdentity): RequestIdentity {
    setRequestIdentity(request, identity);
    return identity;
  }

  private debug(message: string): void {
    if (this.options.debug) this.logger.log(message);
  }
}
