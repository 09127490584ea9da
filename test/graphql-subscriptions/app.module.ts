import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  GraphqlWsAuthService,
  type GraphqlWsAuthOptions,
  type JwtAuthModuleOptions,
} from 'nestjs-jwt-permissions';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { GraphqlDriver } from '../support/graphql-drivers';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { EventsResolver } from './events.resolver';
import { NoteEvents } from './note-events';

/**
 * Apollo with subscriptions over graphql-ws, authenticated by `GraphqlWsAuthService`'s hooks with
 * the options `hooks`, or, with `hooks: false`, by the global guard alone. On `driver: 'mercurius'`,
 * Mercurius's own subscription server (which speaks graphql-ws's protocol): it runs no graphql-ws
 * hooks, so only the global guard protects it, and `hooks` must be `false`.
 */
@Module({})
export class SubscriptionsAppModule {
  static on(
    clock: TestClock,
    hooks?: GraphqlWsAuthOptions | false,
    options: JwtAuthModuleOptions = {},
    driver: GraphqlDriver = 'apollo',
  ): DynamicModule {
    if (driver === 'mercurius' && hooks !== false) {
      throw new Error('Mercurius runs no graphql-ws hooks: start it with hooks: false');
    }
    return {
      module: SubscriptionsAppModule,
      imports: [
        jwtAuthModuleForTest(clock, options),
        driver === 'mercurius'
          ? GraphQLModule.forRoot<MercuriusDriverConfig>({
              driver: MercuriusDriver,
              autoSchemaFile: true,
              subscription: true,
            })
          : GraphQLModule.forRootAsync<ApolloDriverConfig>({
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
