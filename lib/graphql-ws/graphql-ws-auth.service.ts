import { Inject, Injectable, Logger } from '@nestjs/common';
import { AclService } from '../authorization/acl.service';
import type { GraphqlWsConnection } from '../credentials/graphql-ws.transport';
import type { RequestIdentity } from '../identity/identity.interface';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import { JwtAuthGuard } from '../jwt-auth.guard';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { closeGraphqlWsConnection } from '../refusal/graphql-ws.refusal';
import { refusalCodeOf } from '../refusal/refusal.constants';
import type { CallRefusalCode } from '../refusal/refusal-code.interface';
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
   * user without `connectionPermission`) and `false` returned.
   */
  readonly onConnect: (connection: GraphqlWsConnection) => Promise<boolean>;
  /**
   * Before each event of a subscription: checks that the connection's token is still good (its
   * `exp`, on the module's `clock`); once it is not, closes the connection with 4401 instead of
   * sending the event.
   */
  readonly onNext: (connection: GraphqlWsConnection) => Promise<void>;
}

/**
 * Authenticates GraphQL subscriptions over `graphql-ws` (what `@nestjs/apollo` serves with
 * `subscriptions: { 'graphql-ws': ... }`): each connection once, at `connection_init`, from the
 * token in its `connectionParams`; each subscription's `@Permission()` is then checked by the
 * global guard as for a query, with that identity; the token is checked again before every event.
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

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    private readonly guard: JwtAuthGuard,
    private readonly acl: AclService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
  ) {}

  /**
   * The `onConnect` and `onNext` hooks, for `subscriptions: { 'graphql-ws': auth.hooks() }`. To
   * add hooks of your own, call these from them. The options are checked here, at start-up.
   */
  hooks(options?: GraphqlWsAuthOptions): GraphqlWsAuthHooks {
    const resolved = resolveGraphqlWsAuthOptions(options);
    return Object.freeze({
      onConnect: (connection: GraphqlWsConnection) => this.acceptConnection(connection, resolved),
      onNext: (connection: GraphqlWsConnection) => this.recheckConnection(connection),
    });
  }

  private async acceptConnection(
    connection: GraphqlWsConnection,
    options: ResolvedGraphqlWsAuthOptions,
  ): Promise<boolean> {
    const identity = await this.guard.authenticateConnection(connection);
    const refusal = this.connectionRefusal(identity, options);
    if (refusal === undefined) return true;
    this.close(connection, refusal);
    // graphql-ws would close with 4403 on its own; the socket is already closing with the refusal's code.
    return false;
  }

  /** Why a connection is refused at `connection_init`, if it is. */
  private connectionRefusal(
    identity: RequestIdentity,
    options: ResolvedGraphqlWsAuthOptions,
  ): CallRefusalCode | undefined {
    const anonymousReason = identity.anonymousReason;
    if (anonymousReason !== undefined && (anonymousReason !== 'token_missing' || !options.allowAnonymous))
      return anonymousReason;
    const permission = options.connectionPermission;
    if (permission !== undefined && !this.acl.permits(identity.principals, permission).allowed)
      return refusalCodeOf(identity);
    return undefined;
  }

  private async recheckConnection(connection: GraphqlWsConnection): Promise<void> {
    // The identity kept on the connection, turned anonymous by the guard once the token is no good.
    const { anonymousReason } = await this.guard.authenticateConnection(connection);
    // An anonymous connection was allowed at connection_init; one whose token lapsed is closed.
    if (anonymousReason !== undefined && anonymousReason !== 'token_missing')
      this.close(connection, anonymousReason);
  }

  private close(connection: GraphqlWsConnection, code: CallRefusalCode): void {
    if (closeGraphqlWsConnection(connection, code) && this.options.debug)
      this.logger.log(`graphql-ws connection closed: ${code}`);
  }
}
