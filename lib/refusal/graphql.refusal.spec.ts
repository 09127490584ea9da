import { GraphQLError } from 'graphql';
import { graphqlRefusal } from './graphql.refusal';

describe('graphqlRefusal', () => {
  it.each(['token_missing', 'token_invalid', 'token_expired', 'user_unknown'] as const)(
    'answers %s as an UNAUTHENTICATED GraphQLError',
    (code) => {
      const error = graphqlRefusal(code);
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: code });
    },
  );

  it('answers permission_denied as a FORBIDDEN GraphQLError', () => {
    const error = graphqlRefusal('permission_denied') as GraphQLError;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
    expect(error.message).toBe('The access token does not grant the permission this request needs');
  });

  it('answers scope_missing as a FORBIDDEN GraphQLError too', () => {
    expect((graphqlRefusal('scope_missing') as GraphQLError).extensions).toEqual({ code: 'FORBIDDEN', reason: 'scope_missing' });
  });
});
