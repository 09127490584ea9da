import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ContentResolver } from './content.resolver';

/** `POST /graphql`: the sample's content and identity over GraphQL (Apollo, code-first). */
@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      // The schema is built in memory from the resolvers; nothing is written to disk.
      autoSchemaFile: true,
      // Nest runs guards on @ResolveField() methods only when asked to; `adminNote` needs it.
      fieldResolverEnhancers: ['guards'],
    }),
  ],
  providers: [ContentResolver],
})
export class GraphqlApiModule {}
