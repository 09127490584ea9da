import { cognitoClaims, type IssuerOptions } from 'nestjs-jwt-permissions';

/** An Amazon Cognito user pool's access tokens, for the app client `1example23456789`. */
export const cognito: IssuerOptions = {
  // https://cognito-idp.<region>.amazonaws.com/<user pool id>
  issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
  // Cognito's access tokens have no "aud": they name their app client in "client_id".
  audience: '1example23456789',
  audienceClaim: 'client_id',
  // cognito:groups → group:NAME, scope → scope:NAME.
  claims: cognitoClaims(),
};
