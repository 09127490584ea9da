import { GraphQLError } from 'graphql';
import { graphqlRefusal } from './graphql.refusal';
import { challengeFor } from './http.refusal';
import { isCredentialsRefusal } from './refusal.constants';

describe('the refusals of sessions, on each transport', () => {
  it('answers token_revoked over HTTP with invalid_token and 401', () => {
    const { header, exception } = challengeFor('token_revoked', 'api');
    expect(header).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token has been revoked"',
    );
    expect(exception.getStatus()).toBe(401);
    expect(exception.getResponse()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'token_revoked',
      message: 'The access token has been revoked',
    });
  });

  it('answers session_store_unavailable over HTTP with 503 and no challenge: retry, do not log in again', () => {
    const { header, exception } = challengeFor('session_store_unavailable', 'api');
    expect(header).toBeUndefined();
    expect(exception.getStatus()).toBe(503);
    expect(exception.getResponse()).toMatchObject({ statusCode: 503, code: 'session_store_unavailable' });
  });

  it('answers them under GraphQL as UNAUTHENTICATED and SERVICE_UNAVAILABLE', () => {
    expect((graphqlRefusal('token_revoked') as GraphQLError).extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'token_revoked',
    });
    expect((graphqlRefusal('session_store_unavailable') as GraphQLError).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'session_store_unavailable',
    });
  });

  it('counts a revoked token as credentials that can never succeed (a WebSocket is closed), not an outage', () => {
    expect(isCredentialsRefusal('token_revoked')).toBe(true);
    expect(isCredentialsRefusal('session_store_unavailable')).toBe(false);
  });
});
