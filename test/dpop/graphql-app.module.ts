import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { DPOP_SECRET } from './app.module';
import { WhoamiResolver } from './whoami.resolver';

/** The origin clients use, behind a proxy: the `htu` of every proof. */
export const GRAPHQL_ORIGIN = 'https://api.example.test';

/**
 * An Apollo GraphQL API taking DPoP-bound tokens with server nonces. `replyInContext`: the GraphQL
 * context passes Fastify's reply, which Nest's default context (`{ req }`) leaves out.
 */
@Module({})
export class DpopGraphqlAppModule {
  static on({ replyInContext = false } = {}): DynamicModule {
    return {
      module: DpopGraphqlAppModule,
      imports: [
        JwtAuthModule.forRoot({
          secret: DPOP_SECRET,
          dpop: { origin: GRAPHQL_ORIGIN, nonce: true },
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          ...(replyInContext
            ? { context: (request: unknown, reply: unknown) => ({ req: request, reply }) }
            : {}),
        }),
      ],
      providers: [WhoamiResolver],
    };
  }
}
