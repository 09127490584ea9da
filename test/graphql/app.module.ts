import { Module, type DynamicModule } from '@nestjs/common';
import type { JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { graphqlModule, type GraphqlDriver } from '../support/graphql-drivers';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { NotesResolver } from './notes.resolver';

/** A code-first GraphQL API behind the global guard, with no GraphQL-specific auth code. */
@Module({})
export class GraphqlAppModule {
  static on(
    clock: TestClock,
    options: JwtAuthModuleOptions = {},
    driver: GraphqlDriver = 'apollo',
  ): DynamicModule {
    return {
      module: GraphqlAppModule,
      imports: [
        jwtAuthModuleForTest(clock, options),
        // Nest runs guards on @ResolveField() methods only when asked to.
        graphqlModule(driver, { fieldResolverEnhancers: ['guards'] }),
      ],
      providers: [NotesResolver],
    };
  }
}
