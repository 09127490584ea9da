import { entraIdClaims, type IssuerOptions } from 'nestjs-jwt-permissions';

const TENANT_ID = '7a8b9c0d-1e2f-3a4b-5c6d-7e8f9a0b1c2d';
const API_CLIENT_ID = '4f1c2d3e-5a6b-7c8d-9e0f-a1b2c3d4e5f6';

/** v2.0 access tokens (the API's manifest asks for version 2): keys found by discovery. */
export const entraIdV2: IssuerOptions = {
  issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
  // v2.0 tokens name the API by its client id; the Application ID URI is accepted too.
  audience: [API_CLIENT_ID, `api://${API_CLIENT_ID}`],
  // roles → role:NAME, groups → group:OBJECT_ID, scp → scope:NAME.
  claims: entraIdClaims(),
};

/** v1.0 access tokens (when the API's manifest leaves the version unset): another issuer, the same keys. */
export const entraIdV1: IssuerOptions = {
  issuer: `https://sts.windows.net/${TENANT_ID}/`,
  // v1.0 tokens name the API as the client asked for it: usually its Application ID URI.
  audience: [`api://${API_CLIENT_ID}`, API_CLIENT_ID],
  // The jwks_uri of the tenant's discovery document, whose keys sign v1.0 and v2.0 tokens alike.
  jwksUri: `https://login.microsoftonline.com/${TENANT_ID}/discovery/v2.0/keys`,
  claims: entraIdClaims(),
};
