import { Module, type DynamicModule } from '@nestjs/common';
import {
  Allow,
  JwtAuthModule,
  keycloakClaims,
  type IssuerOptions,
  type ResourceMetadataOptions,
} from 'nestjs-jwt-permissions';
import { DocumentsController, LockedDocumentLoader } from './documents.controller';

/** The API's resource indicator at the provider (the `aud` of its tokens), and its resource identifier. */
export const RESOURCE = 'https://api.example.test';

/** The trusted issuers, set before each app starts (the provider's port is only known then). */
export const TRUSTED: { issuers: IssuerOptions[] } = { issuers: [] };

/**
 * A verify-only API that accepts the provider's tokens, grants permissions by their scopes, by
 * one root ACL entry (the realm role editor may edit) and by a document's own ACL, and publishes
 * its protected resource metadata.
 */
export function resourceMetadataApp(resourceMetadata?: ResourceMetadataOptions): DynamicModule {
  @Module({
    imports: [
      JwtAuthModule.forRootAsync({
        resourceMetadata,
        useFactory: () => ({
          issuers: TRUSTED.issuers,
          scopePermissions: { 'documents.read': 'view', 'documents.write': ['view', 'edit'] },
          acl: [[Allow, 'role:editor', 'edit']],
        }),
      }),
    ],
    controllers: [DocumentsController],
    providers: [LockedDocumentLoader],
  })
  class ResourceMetadataAppModule {}
  return { module: ResourceMetadataAppModule };
}

/** The issuer entry of the e2e apps: discovery, Keycloak's realm roles, fetches not held back by a cooldown. */
export function trustedIssuer(issuer: string): IssuerOptions {
  return { issuer, audience: RESOURCE, claims: keycloakClaims(), fetch: { cooldown: 0 } };
}
