import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  GraphqlWsAuthService,
  type GraphqlWsAuthOptions,
  type JwtAuthModuleOptions,
} from 'nestjs-jwt-permissions';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { EventsResolver } from './events.resolver';
import { NoteEvents } from './note-events';

/**
 * Apollo with subscriptions over graphql-ws, authenticated by `GraphqlWsAuthService`'s hooks with
 * the options `hooks`, or, with `hooks: false`, by the global guard alone.
 */
@Module({})
export class SubscriptionsAppModule {
  static on(
    clock: TestClock,
    hooks?: GraphqlWsAuthOptions | false,
    options: JwtAuthModuleOptions = {},
  ): DynamicModule {
    return {
      module: SubscriptionsAppModule,
      imports: [
        jwtAuthModuleForTest(clock, options),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [GraphqlWsAuthService],
          useFactory: (auth: GraphqlWsAuthService) => ({
            autoSchemaFile: true,
            subscriptions: { 'graphql-ws': hooks === false ? true : auth.hooks(hooks) },
          }),
        }),
      ],
      providers: [EventsResolver, NoteEvents],
    };
  }
}
