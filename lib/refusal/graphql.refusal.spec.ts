import { GraphQLError } from 'graphql';
import { graphqlRefusal } from './graphql.refusal';
import { REFUSAL_MESSAGES } from './refusal.constants';

describe('graphqlRefusal', () => {
  it.each(['token_missing', 'token_invalid', 'token_expired', 'user_unknown'] as const)(
    'answers %s as an UNAUTHENTICATED GraphQLError',
    (code) => {
      const error = graphqlRefusal(code);
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: code });
    },
  );

  it.each([
    ['group_finder_failed', 'INTERNAL_SERVER_ERROR'],
    ['group_finder_faulty', 'INTERNAL_SERVER_ERROR'],
    ['group_finder_timeout', 'SERVICE_UNAVAILABLE'],
  ] as const)('answers %s, the server\'s fault, as a %s GraphQLError with the table\'s message', (code, graphqlCode) => {
    const error = graphqlRefusal(code) as GraphQLError;
    expect(error.extensions).toEqual({ code: graphqlCode, reason: code });
    expect(error.message).toBe(REFUSAL_MESSAGES[code]);
  });

  it('answers permission_denied as a FORBIDDEN GraphQLError', () => {
    const error = graphqlRefusal('permission_denied') as GraphQLError;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
    expect(error.message).toBe('The access token does not grant the permission this request needs');
  });
});
