import { Module } from '@nestjs/common';
import {
  Allow,
  auth0Claims,
  cognitoClaims,
  entraIdClaims,
  JwtAuthModule,
  keycloakClaims,
  scopeClaims,
  type Acl,
  type ClaimMapping,
  type IssuerOptions,
} from 'nestjs-jwt-permissions';
import { AppController } from './app.controller';
import { AuthModule } from './auth/auth.module';
import { DOCUMENTS_ROOT_ACL, DocumentsModule } from './documents';
import { EventsModule } from './events/events.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { APP_CONFIG } from './config/app-config.constants';
import type { AppConfig, OidcProviderConfig } from './config/app-config.interface';
import { AppConfigModule } from './config/app-config.module';
import { UsersGroupFinder } from './users/users.group-finder';
import { UsersModule } from './users/users.module';

// The root ACL: the documents' entries, and the `admin` permission of GET /admin for the group admin.
const ROOT_ACL: Acl = [...DOCUMENTS_ROOT_ACL, [Allow, 'admin', 'admin']];

// What each OIDC_CLAIMS preset maps; Keycloak's client roles are those of the API's own client.
function claimsOf({ claims, audience }: OidcProviderConfig): ClaimMapping[] {
  switch (claims) {
    case 'keycloak':
      return keycloakClaims({ clientIds: [audience] });
    case 'entra-id':
      return entraIdClaims();
    case 'cognito':
      return cognitoClaims();
    case 'auth0':
      return auth0Claims();
    case 'scope':
      return scopeClaims();
  }
}

/** The provider of OIDC_ISSUER as an `issuers` entry: its keys found by discovery. */
function trustedIssuers(oidc: OidcProviderConfig | undefined): IssuerOptions[] | undefined {
  return oidc && [{ issuer: oidc.issuer, audience: oidc.audience, claims: claimsOf(oidc) }];
}

/**
 * The sample application: the seed blog post's views, a login endpoint, and `JwtAuthModule`
 * configured from the environment with a GroupFinder backed by `UsersService`.
 */
@Module({
  imports: [
    // Options built at start-up from the environment; `imports` lets the factory's APP_CONFIG and
    // the GroupFinder's UsersService resolve inside JwtAuthModule.
    JwtAuthModule.forRootAsync({
      imports: [AppConfigModule, UsersModule],
      inject: [APP_CONFIG],
      useFactory: ({ jwt, sessions, oidc }: AppConfig) => ({
        secret: jwt.secret,
        privateKey: jwt.privateKey,
        publicKey: jwt.publicKey,
        algorithm: jwt.algorithm,
        expiration: jwt.expiration,
        // OIDC_ISSUER: a provider's access tokens too, beside the app's own (which carry no `iss`).
        issuers: trustedIssuers(oidc),
        acl: ROOT_ACL,
        // Browsers may log in with a cookie too (POST /auth/cookie-login); it slides every half-life,
        // and the refresh cookie goes to POST /auth/refresh only.
        cookie: { reissueTime: jwt.expiration / 2, refreshPath: '/auth/refresh' },
        // DPoP (RFC 9449): a login or refresh with a DPoP proof gets tokens bound to the client's key.
        dpop: {},
        // REDIS_URL shares sessions and revocations between instances; without it, this process keeps them.
        sessions: {
          reuseGracePeriod: sessions.reuseGracePeriod,
          redis: sessions.redisUrl === undefined ? undefined : { url: sessions.redisUrl },
        },
      }),
      groupFinder: UsersGroupFinder,
      // Decided when the module is declared, before the config loads: only a key pair has public keys to serve.
      jwksRoute: process.env.JWT_PRIVATE_KEY ? '/.well-known/jwks.json' : undefined,
    }),
    AuthModule,
    DocumentsModule,
    GraphqlApiModule,
    EventsModule,
  ],
  controllers: [AppController],
})
export class AppModule {}
