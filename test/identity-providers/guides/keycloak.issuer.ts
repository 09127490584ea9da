import { keycloakClaims, type IssuerOptions } from 'nestjs-jwt-permissions';

/** Keycloak's realm `acme`, for the API whose client in that realm is `orders.api`. */
export const keycloak: IssuerOptions = {
  // https://<host>/realms/<realm>: the "iss" of its tokens, and where discovery starts.
  issuer: 'https://sso.example.com/realms/acme',
  // The API's own client id, put in "aud" by an Audience mapper (or by Audience Resolve).
  audience: 'orders.api',
  // realm_access.roles → role:NAME, resource_access["orders.api"].roles → client-role:orders.api:NAME,
  // scope → scope:NAME.
  claims: keycloakClaims({ clientIds: ['orders.api'] }),
};
