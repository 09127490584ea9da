import { auth0Claims, type IssuerOptions } from 'nestjs-jwt-permissions';

/** An Auth0 tenant's access tokens for the API whose identifier is `https://api.example.com`. */
export const auth0: IssuerOptions = {
  // The tenant's domain (or its custom domain), with the trailing slash of Auth0's "iss".
  issuer: 'https://acme.eu.auth0.com/',
  // The API's identifier, as the client passes it in the "audience" parameter.
  audience: 'https://api.example.com',
  // permissions → permission:NAME, scope → scope:NAME, and the roles an Action adds → role:NAME.
  claims: auth0Claims({ rolesClaim: 'https://example.com/roles' }),
};
