import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { graphqlModule, type GraphqlDriver } from '../support/graphql-drivers';
import { DPOP_SECRET } from './app.module';
import { WhoamiResolver } from './whoami.resolver';

/** The origin clients use, behind a proxy: the `htu` of every proof. */
export const GRAPHQL_ORIGIN = 'https://api.example.test';

/**
 * A GraphQL API taking DPoP-bound tokens with server nonces. `replyInContext` (Apollo): the GraphQL
 * context passes Fastify's reply, which Nest's default context for Apollo (`{ req }`) leaves out;
 * Mercurius always adds its `reply` to the context.
 */
@Module({})
export class DpopGraphqlAppModule {
  static on({
    driver = 'apollo',
    replyInContext = false,
  }: { driver?: GraphqlDriver; replyInContext?: boolean } = {}): DynamicModule {
    return {
      module: DpopGraphqlAppModule,
      imports: [
        JwtAuthModule.forRoot({
          secret: DPOP_SECRET,
          dpop: { origin: GRAPHQL_ORIGIN, nonce: true },
        }),
        graphqlModule(
          driver,
          replyInContext ? { context: (request: unknown, reply: unknown) => ({ req: request, reply }) } : {},
        ),
      ],
      providers: [WhoamiResolver],
    };
  }
}
