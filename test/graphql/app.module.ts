import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { NotesResolver } from './notes.resolver';

/** A code-first Apollo GraphQL API behind the global guard, with no GraphQL-specific auth code. */
@Module({})
export class GraphqlAppModule {
  static on(clock: TestClock, options: JwtAuthModuleOptions = {}): DynamicModule {
    return {
      module: GraphqlAppModule,
      imports: [
        jwtAuthModuleForTest(clock, options),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          // Nest runs guards on @ResolveField() methods only when asked to.
          fieldResolverEnhancers: ['guards'],
        }),
      ],
      providers: [NotesResolver],
    };
  }
}
