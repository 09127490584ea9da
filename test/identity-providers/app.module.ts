import { Module } from '@nestjs/common';
import { JwtAuthModule, keycloakClaims, type IssuerOptions } from 'nestjs-jwt-permissions';
import { DocumentsController } from './documents.controller';

/** The API's resource indicator at the provider: the `aud` of the access tokens it accepts. */
export const RESOURCE = 'https://api.example.test';

/** The trusted issuers, set before each app starts (the providers' ports are only known then). */
export const TRUSTED: { issuers: IssuerOptions[] } = { issuers: [] };

/** One trusted issuer as the e2e apps configure it: discovery, Keycloak's roles, fetches not held back by a cooldown. */
export function keycloakLike(issuer: string, extra: Partial<IssuerOptions> = {}): IssuerOptions {
  return {
    issuer,
    audience: RESOURCE,
    claims: keycloakClaims({ clientIds: ['orders'] }),
    fetch: { cooldown: 0 },
    ...extra,
  };
}

/** A verify-only API that accepts the access tokens of the issuers in {@link TRUSTED}, found by discovery. */
@Module({
  imports: [JwtAuthModule.forRootAsync({ useFactory: () => ({ issuers: TRUSTED.issuers }) })],
  controllers: [DocumentsController],
})
export class IdentityProvidersAppModule {}
