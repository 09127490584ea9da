import { closeGraphqlWsConnection, graphqlWsCloseCode, WS_CLOSE_FORBIDDEN } from './graphql-ws.refusal';
import { WS_CLOSE_UNAUTHORIZED } from './ws.refusal';

function connectionOver(socket: unknown) {
  return { connectionInitReceived: true, acknowledged: true, subscriptions: {}, extra: { socket } };
}

describe('graphqlWsCloseCode', () => {
  it.each(['token_missing', 'token_invalid', 'token_expired', 'token_revoked', 'user_unknown'] as const)(
    'closes %s with 4401',
    (code) => {
      expect(graphqlWsCloseCode(code)).toBe(WS_CLOSE_UNAUTHORIZED);
      expect(WS_CLOSE_UNAUTHORIZED).toBe(4401);
    },
  );

  it.each([
    ['group_finder_timeout', 1013],
    ['session_store_unavailable', 1013],
    ['group_finder_failed', 1011],
    ['group_finder_faulty', 1011],
  ] as const)("closes %s, the server's fault, with %d", (code, closeCode) => {
    expect(graphqlWsCloseCode(code)).toBe(closeCode);
  });

  it('closes permission_denied with 4403', () => {
    expect(graphqlWsCloseCode('permission_denied')).toBe(WS_CLOSE_FORBIDDEN);
    expect(WS_CLOSE_FORBIDDEN).toBe(4403);
  });
});

describe('closeGraphqlWsConnection', () => {
  it('closes an open socket with the code and the refusal as reason', () => {
    const socket = { readyState: 1, close: jest.fn() };
    expect(closeGraphqlWsConnection(connectionOver(socket), 'token_expired')).toBe(true);
    expect(socket.close).toHaveBeenCalledWith(4401, 'token_expired');
  });

  it('leaves a socket that is already closing alone', () => {
    const socket = { readyState: 2, close: jest.fn() };
    expect(closeGraphqlWsConnection(connectionOver(socket), 'token_expired')).toBe(false);
    expect(socket.close).not.toHaveBeenCalled();
  });

  it('answers false when the server put no socket in extra', () => {
    expect(closeGraphqlWsConnection(connectionOver(undefined), 'token_missing')).toBe(false);
  });
});
