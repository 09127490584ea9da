import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphqlWsAuthService } from 'nestjs-jwt-permissions';
import { AnnouncementsResolver } from './announcements.resolver';
import { ContentResolver } from './content.resolver';

/**
 * `/graphql`: the sample's content and identity over GraphQL (Apollo, code-first), queries and
 * mutations over `POST`, subscriptions over `graphql-ws` on the same path.
 */
@Module({
  imports: [
    // Async, to reach GraphqlWsAuthService, which JwtAuthModule (global) provides.
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [GraphqlWsAuthService],
      useFactory: (auth: GraphqlWsAuthService) => ({
        // The schema is built in memory from the resolvers; nothing is written to disk.
        autoSchemaFile: true,
        // Nest runs guards on @ResolveField() methods only when asked to; `adminNote` needs it.
        fieldResolverEnhancers: ['guards'],
        // Each connection sends its token in connection_init: { authorization: 'Bearer <token>' }.
        subscriptions: { 'graphql-ws': auth.hooks() },
      }),
    }),
  ],
  providers: [ContentResolver, AnnouncementsResolver],
})
export class GraphqlApiModule {}
