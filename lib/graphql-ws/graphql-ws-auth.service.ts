import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AclService } from '../authorization/acl.service';
import {
  graphqlWsConnectionContext,
  graphqlWsSocketOf,
  type GraphqlWsConnection,
} from '../credentials/graphql-ws.transport';
import type { RequestIdentity } from '../identity/identity.interface';
import { Authenticated, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import { JwtAuthGuard } from '../jwt-auth.guard';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { AuthDecisionObserver } from '../observability/auth-decision.observer';
import { closeGraphqlWsConnection } from '../refusal/graphql-ws.refusal';
import { refusalCodeOf } from '../refusal/refusal.constants';
import type { CallRefusalCode } from '../refusal/refusal-code.interface';
import { RevocationState } from '../sessions/revocation.state';
import {
  resolveGraphqlWsAuthOptions,
  type GraphqlWsAuthOptions,
  type ResolvedGraphqlWsAuthOptions,
} from './graphql-ws-auth.options';

/**
 * The `graphql-ws` server hooks that authenticate GraphQL subscriptions: give them to
 * `GraphQLModule`'s `subscriptions: { 'graphql-ws': ... }`. Typed without `graphql-ws`, which the
 * library never loads; they fit its `ServerOptions`.
 */
export interface GraphqlWsAuthHooks {
  /**
   * At `connection_init`: authenticates the connection from its `connectionParams` and keeps the
   * identity on it. `true` acknowledges it; a refused connection is closed (4401, or 4403 for a
   * user without `connectionPermission`, 1013 while the revocations are out of date) and `false`
   * returned. An acknowledged user's connection is followed, so that revoking its token, session
   * or user closes it at once with 4401 (`token_revoked`), on every instance.
   */
  readonly onConnect: (connection: GraphqlWsConnection) => Promise<boolean>;
  /**
   * Before each subscription starts: the same check as {@link GraphqlWsAuthHooks.onNext}, so that a connection whose
   * token has lapsed, or whose server's revocations are out of date, starts nothing.
   */
  readonly onSubscribe: (connection: GraphqlWsConnection) => Promise<void>;
  /**
   * Before each event of a subscription: checks that the connection's token is still good (its
   * `exp`, on the module's `clock`, and not revoked); once it is not, closes the connection with
   * 4401 instead of sending the event. While the revocations are out of date for longer than
   * `sessions.maxStaleness` (`session_store_unavailable`), closes it with 1013 (Try Again Later).
   */
  readonly onNext: (connection: GraphqlWsConnection) => Promise<void>;
}

/**
 * Authenticates GraphQL subscriptions over `graphql-ws` (what `@nestjs/apollo` serves with
 * `subscriptions: { 'graphql-ws': ... }`): each connection once, at `connection_init`, from the
 * token in its `connectionParams`; each subscription's `@Permission()` is then checked by the
 * global guard as for a query, with that identity; the token is checked again before every
 * subscription and every event, and a revocation that covers it closes the connection at once.
 *
 * ```ts
 * GraphQLModule.forRootAsync<ApolloDriverConfig>({
 *   driver: ApolloDriver,
 *   inject: [GraphqlWsAuthService],
 *   useFactory: (auth: GraphqlWsAuthService) => ({
 *     autoSchemaFile: true,
 *     subscriptions: { 'graphql-ws': auth.hooks() },
 *   }),
 * })
 * ```
 */
@Injectable()
export class GraphqlWsAuthService {
  private readonly logger = new Logger('JwtAuth');
  // A property, so that the constructor's public signature names no internal service.
  @Optional() @Inject(AuthDecisionObserver) private readonly observer?: AuthDecisionObserver;

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    private readonly guard: JwtAuthGuard,
    private readonly acl: AclService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
    @Optional() private readonly revocations?: RevocationState,
  ) {}

  /**
   * The `onConnect`, `onSubscribe` and `onNext` hooks, for
   * `subscriptions: { 'graphql-ws': auth.hooks() }`. To add hooks of your own, call these from
   * them. The options are checked here, at start-up.
   */
  hooks(options?: GraphqlWsAuthOptions): GraphqlWsAuthHooks {
    const resolved = resolveGraphqlWsAuthOptions(options);
    return Object.freeze({
      onConnect: (connection: GraphqlWsConnection) => this.acceptConnection(connection, resolved),
      // A subscription that starts runs the guard, which reports its refusal with its resolver.
      onSubscribe: (connection: GraphqlWsConnection) => this.recheckConnection(connection, false),
      onNext: (connection: GraphqlWsConnection) => this.recheckConnection(connection, true),
    });
  }

  private async acceptConnection(
    connection: GraphqlWsConnection,
    options: ResolvedGraphqlWsAuthOptions,
  ): Promise<boolean> {
    const identity = await this.guard.authenticateConnection(connection);
    const refusal = this.connectionRefusal(connection, identity, options);
    if (refusal === undefined) {
      this.follow(connection, identity);
      return true;
    }
    this.refused(connection, identity, refusal, [options.connectionPermission ?? Authenticated]);
    this.close(connection, refusal);
    // graphql-ws would close with 4403 on its own; the socket is already closing with the refusal's code.
    return false;
  }

  /** Why a connection is refused at `connection_init`, if it is. */
  private connectionRefusal(
    connection: GraphqlWsConnection,
    identity: RequestIdentity,
    options: ResolvedGraphqlWsAuthOptions,
  ): CallRefusalCode | undefined {
    const anonymousReason = identity.anonymousReason;
    if (anonymousReason !== undefined && (anonymousReason !== 'token_missing' || !options.allowAnonymous))
      return anonymousReason;
    const permission = options.connectionPermission;
    if (permission === undefined) return undefined;
    const decision = this.acl.permits(identity.principals, permission);
    if (decision.allowed) return undefined;
    this.observer?.permissionDenied(graphqlWsConnectionContext(connection), identity, decision, undefined);
    return refusalCodeOf(identity);
  }

  /** Tells the events and metrics that the connection is refused with `code`, as the guard does for a call. */
  private refused(
    connection: GraphqlWsConnection,
    identity: RequestIdentity,
    code: CallRefusalCode,
    required: readonly string[],
  ): void {
    this.observer?.refused(graphqlWsConnectionContext(connection), identity, code, required);
  }

  /**
   * Has the revocations close the connection's socket as soon as they cover its token: a
   * subscription may wait long between events. Under a server other than Nest's `graphql-ws/use/ws`
   * (no `ws` socket in `extra`), the check before each event still refuses it.
   */
  private follow(connection: GraphqlWsConnection, identity: RequestIdentity): void {
    const socket = graphqlWsSocketOf(connection);
    if (identity.claims === undefined || typeof socket !== 'object' || socket === null) return;
    this.revocations?.trackConnection(socket, identity.claims);
  }

  /** Closes the connection once its token is no good; `report`: tell the events it was refused. */
  private async recheckConnection(connection: GraphqlWsConnection, report: boolean): Promise<void> {
    // The identity kept on the connection, turned anonymous by the guard once the token is no good.
    const identity = await this.guard.authenticateConnection(connection);
    const { anonymousReason } = identity;
    // An anonymous connection was allowed at connection_init; one whose token lapsed is closed.
    if (anonymousReason === undefined || anonymousReason === 'token_missing') return;
    // Reported once, by the call that closes it: its later events find it closing.
    if (this.close(connection, anonymousReason) && report)
      this.refused(connection, identity, anonymousReason, [Authenticated]);
  }

  /** Closes the connection's socket with the refusal; whether it was open. */
  private close(connection: GraphqlWsConnection, code: CallRefusalCode): boolean {
    const closed = closeGraphqlWsConnection(connection, code);
    if (closed && this.options.debug) this.logger.log(`graphql-ws connection closed: ${code}`);
    return closed;
  }
}
