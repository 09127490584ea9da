import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { EventsResolver } from './events.resolver';
import { NoteEvents } from './note-events';

/**
 * Mercurius with its own subscription server (which speaks `graphql-ws`'s protocol), behind the
 * global guard alone: `GraphqlWsAuthService`'s hooks are `graphql-ws`'s, which Mercurius does not run.
 */
@Module({})
export class MercuriusSubscriptionsAppModule {
  static on(clock: TestClock, options: JwtAuthModuleOptions = {}): DynamicModule {
    return {
      module: MercuriusSubscriptionsAppModule,
      imports: [
        jwtAuthModuleForTest(clock, options),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          subscription: true,
        }),
      ],
      providers: [EventsResolver, NoteEvents],
    };
  }
}
