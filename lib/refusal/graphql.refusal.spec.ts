import { IntrinsicException } from '@nestjs/common';
import { GraphQLError, locatedError } from 'graphql';
import { GraphqlRefusal, graphqlRefusal } from './graphql.refusal';

/** A graphql-ws connection context over a socket that records how it was closed. */
function graphqlWsConnection() {
  const socket = { readyState: 1, closed: [] as unknown[][], close: (...args: unknown[]) => socket.closed.push(args) };
  return { connectionInitReceived: true, acknowledged: true, subscriptions: {}, extra: { socket, request: {} }, socket };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('graphqlRefusal', () => {
  it.each(['token_missing', 'token_invalid', 'token_expired', 'user_unknown'] as const)(
    'answers %s as an UNAUTHENTICATED refusal',
    (code) => {
      const error = graphqlRefusal(code);
      expect(error).toBeInstanceOf(GraphqlRefusal);
      expect((error as GraphqlRefusal).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: code });
    },
  );

  it('answers permission_denied as a FORBIDDEN refusal', () => {
    const error = graphqlRefusal('permission_denied') as GraphqlRefusal;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
    expect(error.message).toBe('The access token does not grant the permission this request needs');
  });

  it('is an IntrinsicException, which Nest does not log', () => {
    expect(graphqlRefusal('token_missing')).toBeInstanceOf(IntrinsicException);
  });

  it('becomes a GraphQL error with its message and extensions when GraphQL locates it', () => {
    const located = locatedError(graphqlRefusal('permission_denied'), undefined, ['auditLog']);
    expect(located).toBeInstanceOf(GraphQLError);
    expect(located.toJSON()).toEqual({
      message: 'The access token does not grant the permission this request needs',
      path: ['auditLog'],
      extensions: { code: 'FORBIDDEN', reason: 'permission_denied' },
    });
  });

  it('closes the graphql-ws connection of a subscription with a bad token with 4401, once the error is sent', async () => {
    const connection = graphqlWsConnection();
    graphqlRefusal('token_expired', connection);
    expect(connection.socket.closed).toEqual([]);
    await nextTurn();
    expect(connection.socket.closed).toEqual([[4401, 'token_expired']]);
  });

  it.each(['token_missing', 'permission_denied'] as const)('leaves the graphql-ws connection open on %s', async (code) => {
    const connection = graphqlWsConnection();
    graphqlRefusal(code, connection);
    await nextTurn();
    expect(connection.socket.closed).toEqual([]);
  });

  it('closes nothing for a call over HTTP', async () => {
    const request = { headers: {}, close: jest.fn() };
    graphqlRefusal('token_invalid', request);
    await nextTurn();
    expect(request.close).not.toHaveBeenCalled();
  });
});
