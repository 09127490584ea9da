import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { PERMISSION_METADATA, JWT_AUTH_RESOLVED_OPTIONS } from './jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from './jwt-auth.options';
import { permitsByPrincipal } from './authorization/permission';
import { getCallType, getRequest, getResponse, readCallToken } from './credentials/request-context';
import { createTokenReaders, type TokenReaders } from './credentials/token-readers';
import { rememberHandshake, wsConnectionContext } from './credentials/ws.transport';
import { challengeFor } from './http/challenge';
import { graphqlRefusal } from './refusal/graphql.refusal';
import { refusalCodeOf, type RefusalCode } from './refusal/refusal';
import { rpcRefusal } from './refusal/rpc.refusal';
import { wsRefusal } from './refusal/ws.refusal';
import type { JwtAuthClaims, JwtAuthRequestData, RequestIdentity } from './identity/identity.interface';
import { anonymousIdentity, PrincipalsService } from './identity/principals.service';
import { JwtTokenError } from './token/jwt-token.errors';
import { JwtTokenService } from './token/jwt-token.service';

// Where the identity is kept on the request (or socket, or RPC context), so that it is resolved (and
// the GroupFinder called) at most once even when the guard runs twice (global and @UseGuards), and
// once per connection on a WebSocket.
const IDENTITY = Symbol('nestjs-jwt-auth:identity');

/**
 * Authenticates each call from its JWT and checks the permission its handler requires, on every
 * transport: HTTP (Express, Fastify), GraphQL, WebSockets and microservices. Registered globally
 * by `JwtAuthModule` unless `globalGuard: false`. Each step of `canActivate` is a protected method
 * that a subclass may override.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  protected readonly logger = new Logger('JwtAuth');
  private readonly tokenReaders: TokenReaders;
  private readonly permissionByHandler = new WeakMap<object, Map<object, string>>();

  constructor(
    protected readonly reflector: Reflector,
    protected readonly tokenService: JwtTokenService,
    protected readonly principalsService: PrincipalsService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) protected readonly options: ResolvedJwtAuthOptions,
    @Optional() protected readonly adapterHost?: HttpAdapterHost,
  ) {
    this.tokenReaders = createTokenReaders(options);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = getRequest(context);
    const identity = this.currentIdentity(request) ?? this.attachIdentity(request, await this.identify(request, context));
    const permission = this.getRequiredPermission(context);
    if (this.permits(identity.principals, permission)) return true;
    throw this.refuse(context, identity, permission);
  }

  /**
   * Authenticates a WebSocket connection as soon as it opens, from the gateway's
   * `handleConnection`, instead of on its first guarded message: reads the handshake token,
   * resolves the identity and keeps it on the socket, and returns it, so that the gateway may turn
   * away a socket that is not a user before it receives anything. With the `ws` adapter, pass the
   * upgrade request too (it is remembered as by {@link rememberHandshake}).
   *
   * ```ts
   * async handleConnection(client: Socket) {
   *   const { userId } = await this.jwtAuthGuard.authenticateConnection(client);
   *   if (userId === null) client.disconnect(true);
   * }
   * ```
   */
  async authenticateConnection(client: object, request?: { headers: object; url?: string }): Promise<RequestIdentity> {
    if (request !== undefined) rememberHandshake(client, request);
    const context = wsConnectionContext(client);
    const socket = getRequest(context);
    return this.currentIdentity(socket) ?? this.attachIdentity(socket, await this.identify(socket, context));
  }

  /** Who the request is: extract the token, verify it, then resolve the user's principals. */
  protected async identify(request: unknown, context?: ExecutionContext): Promise<RequestIdentity> {
    const token = this.extractToken(request, context);
    if (token === undefined) return anonymousIdentity('token_missing');
    const claims = await this.verifyToken(token);
    if (claims instanceof JwtTokenError) {
      return anonymousIdentity(claims.code === 'expired' ? 'token_expired' : 'token_invalid');
    }
    const identity = await this.getPrincipals(claims, request);
    if (identity.userId === null) this.debug(`token of ${JSON.stringify(claims.sub)} refused: user_unknown`);
    return identity;
  }

  /**
   * The raw token the call carries, or `undefined`: the HTTP header (also under GraphQL), the
   * WebSocket handshake, or the microservice message (see `docs/transports.md`). Override to read
   * it from elsewhere.
   */
  protected extractToken(request: any, context?: ExecutionContext): string | undefined {
    return readCallToken(context, request, this.tokenReaders);
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

  /** The exception for a refused call, from why it is refused (see {@link refusalFor}). */
  protected refuse(context: ExecutionContext, identity: RequestIdentity, permission: string): Error {
    const code = refusalCodeOf(identity);
    this.debug(`${permission} denied to ${JSON.stringify(identity.principals)}: ${code}`);
    return this.refusalFor(context, code);
  }

  /**
   * The answer to a refusal in the call's own transport: over HTTP a 401 (anonymous) or 403 (a
   * user without the permission) with its `WWW-Authenticate` challenge (RFC 6750 §3); under GraphQL
   * a `GraphQLError` with `extensions.code` `UNAUTHENTICATED` or `FORBIDDEN`; on a WebSocket a
   * `WsException` (and the socket disconnected when its token is bad); for a microservice an
   * `RpcException`. Override to answer differently.
   */
  protected refusalFor(context: ExecutionContext, code: RefusalCode): Error {
    switch (getCallType(context)) {
      case 'graphql':
        return graphqlRefusal(code);
      case 'ws':
        return wsRefusal(code, getRequest(context));
      case 'rpc':
        return rpcRefusal(code);
      default: {
        const challenge = challengeFor(code, this.options.realm);
        this.adapterHost?.httpAdapter?.setHeader(getResponse(context), 'WWW-Authenticate', challenge.header);
        return challenge.exception;
      }
    }
  }

  /**
   * The identity already resolved for this request, if any. A connection outlives its token: once
   * the token's `exp` has passed, a WebSocket's identity turns anonymous (`token_expired`).
   */
  private currentIdentity(request: Record<string | symbol, any>): RequestIdentity | undefined {
    const identity: RequestIdentity | undefined = request[IDENTITY];
    const expiresAt = identity?.claims?.exp;
    if (typeof expiresAt === 'number' && Math.floor(this.options.clock() / 1000) >= expiresAt + this.options.leeway) {
      return this.attachIdentity(request, anonymousIdentity('token_expired'));
    }
    return identity;
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
