import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Controller, Injectable, Module, Post, Res, UseGuards, type DynamicModule } from '@nestjs/common';
import {
  Field,
  GraphQLModule,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { MessagePattern } from '@nestjs/microservices';
import { SubscribeMessage, WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import {
  Allow,
  AuthenticatedUserId,
  CookieAuthService,
  Deny,
  Everyone,
  GraphqlWsAuthService,
  JwtAuthGuard,
  Permission,
  Public,
  rememberHandshake,
  userPrincipal,
  type Acl,
  type GraphqlWsAuthOptions,
  type JwtAuthModuleOptions,
  type ResourceLoader,
} from 'nestjs-jwt-permissions';
import { NoteEvents } from '../graphql-subscriptions/note-events';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';

/** 64 bytes: what HS512 needs; the specs check that no event carries it. */
export const TRANSPORT_SECRET = 'transport-events-scenario-secret-'.padEnd(64, 'y');

/** A ledger only alice may edit: an explicit `Deny` ACE refuses everyone else. */
export class Ledger {
  constructor(readonly id: string) {}

  __acl__(): Acl {
    return [
      [Allow, userPrincipal('alice'), 'edit'],
      [Deny, Everyone, 'edit'],
    ];
  }

  toString(): string {
    return `Ledger ${this.id}`;
  }
}

/** The ACE that refuses bob, as the events report it. */
export const DENY_EDIT = [Deny, Everyone, 'edit'];

/** Every call acts on ledger 7, whatever its transport. */
@Injectable()
export class LedgerLoader implements ResourceLoader<Ledger> {
  load(): Ledger {
    return new Ledger('7');
  }
}

@ObjectType()
export class LedgerEntry {
  @Field(() => ID)
  id!: string;
}

/** A query, a mutation and subscriptions: the default permission, and `edit` on the ledger. */
@Resolver()
export class LedgerResolver {
  constructor(private readonly events: NoteEvents) {}

  /** Needs a user. */
  @Query(() => String)
  balance(@AuthenticatedUserId() userId: string): string {
    return `balance of ${userId}`;
  }

  /** `edit` on ledger 7. */
  @Permission('edit', { resource: LedgerLoader })
  @Mutation(() => LedgerEntry)
  addEntry(): LedgerEntry {
    return { id: '1' };
  }

  /** Needs a user. */
  @Subscription(() => String)
  ticks(): AsyncIterableIterator<unknown> {
    return this.events.asyncIterableIterator('ticks');
  }

  /** Needs a user: one event, then complete. */
  @Subscription(() => String)
  async *ping(): AsyncGenerator<{ ping: string }> {
    yield { ping: 'pong' };
  }

  /** `edit` on ledger 7. */
  @Permission('edit', { resource: LedgerLoader })
  @Subscription(() => LedgerEntry)
  entryAdded(): AsyncIterableIterator<unknown> {
    return this.events.asyncIterableIterator('entryAdded');
  }
}

/** Gateway messages: the default permission, and `edit` on the ledger (`@UseGuards` for NestJS 11). */
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class LedgerGateway implements OnGatewayConnection {
  handleConnection(client: object, request?: IncomingMessage): void {
    if (request) rememberHandshake(client, request);
  }

  @SubscribeMessage('balance')
  balance(@AuthenticatedUserId() userId: string): { event: string; data: string } {
    return { event: 'balance', data: `balance of ${userId}` };
  }

  @Permission('edit', { resource: LedgerLoader })
  @SubscribeMessage('addEntry')
  addEntry(): { event: string; data: string } {
    return { event: 'added', data: '1' };
  }
}

/** Microservice patterns: the default permission, and `edit` on the ledger. */
@Controller()
export class LedgerController {
  @MessagePattern('ledger.balance')
  balance(@AuthenticatedUserId() userId: string): string {
    return `balance of ${userId}`;
  }

  @Permission('edit', { resource: LedgerLoader })
  @MessagePattern('ledger.addEntry')
  addEntry(): string {
    return '1';
  }
}

/** Logs bob in with a cookie (cookie mode only). */
@Controller()
export class CookieLoginController {
  constructor(private readonly cookies: CookieAuthService) {}

  @Post('login')
  @Public()
  async login(@Res({ passthrough: true }) response: object): Promise<{ csrfToken?: string }> {
    const { csrfToken } = await this.cookies.remember(response, 'bob');
    return { csrfToken };
  }
}

function jwtAuth(clock: TestClock, options: JwtAuthModuleOptions): DynamicModule {
  return jwtAuthModuleForTest(clock, { secret: TRANSPORT_SECRET, ...options });
}

/**
 * Apollo (queries over HTTP, subscriptions over graphql-ws with `GraphqlWsAuthService`'s hooks);
 * in cookie mode, with a login route.
 */
@Module({})
export class GraphqlEventsModule {
  static on(
    clock: TestClock,
    hooks: GraphqlWsAuthOptions = {},
    options: JwtAuthModuleOptions = {},
  ): DynamicModule {
    return {
      module: GraphqlEventsModule,
      imports: [
        jwtAuth(clock, options),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [GraphqlWsAuthService],
          useFactory: (auth: GraphqlWsAuthService) => ({
            autoSchemaFile: true,
            subscriptions: { 'graphql-ws': auth.hooks(hooks) },
          }),
        }),
      ],
      controllers: options.cookie === undefined ? [] : [CookieLoginController],
      providers: [LedgerResolver, LedgerLoader, NoteEvents],
    };
  }
}

/** The gateway behind `JwtAuthGuard`. */
@Module({})
export class GatewayEventsModule {
  static on(clock: TestClock): DynamicModule {
    return {
      module: GatewayEventsModule,
      imports: [jwtAuth(clock, {})],
      providers: [LedgerGateway, LedgerLoader],
    };
  }
}

/** The microservice controller behind the global guard. */
@Module({})
export class RpcEventsModule {
  static on(clock: TestClock): DynamicModule {
    return {
      module: RpcEventsModule,
      imports: [jwtAuth(clock, {})],
      controllers: [LedgerController],
      providers: [LedgerLoader],
    };
  }
}
