import { IntrinsicException, type HttpServer } from '@nestjs/common';
import { GraphQLError, locatedError } from 'graphql';
import { graphqlRefusal } from './graphql.refusal';
import { REFUSAL_MESSAGES } from './refusal.constants';

/** A graphql-ws connection context over a socket that records how it was closed. */
function graphqlWsConnection() {
  const socket = {
    readyState: 1,
    closed: [] as unknown[][],
    close: (...args: unknown[]) => socket.closed.push(args),
  };
  return {
    connectionInitReceived: true,
    acknowledged: true,
    subscriptions: {},
    extra: { socket, request: {} },
    socket,
  };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('graphqlRefusal', () => {
  it.each(['token_missing', 'token_invalid', 'token_expired', 'user_unknown'] as const)(
    'is reported by graphql-js as an UNAUTHENTICATED GraphQLError for %s',
    (code) => {
      const reported = locatedError(graphqlRefusal(code), undefined, ['whoami']);
      expect(reported).toBeInstanceOf(GraphQLError);
      expect(reported.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: code });
    },
  );

  it('is reported as a FORBIDDEN GraphQLError for permission_denied, with the refusal message', () => {
    const reported = locatedError(graphqlRefusal('permission_denied'), undefined, ['addNote']);
    expect(reported.extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
    expect(reported.message).toBe('The access token does not grant the permission this request needs');
  });

  it.each([
    ['group_finder_failed', 'INTERNAL_SERVER_ERROR'],
    ['group_finder_faulty', 'INTERNAL_SERVER_ERROR'],
    ['group_finder_timeout', 'SERVICE_UNAVAILABLE'],
  ] as const)(
    "is reported for %s, the server's fault, as a %s GraphQLError with the table's message",
    (code, graphqlCode) => {
      const reported = locatedError(graphqlRefusal(code), undefined, ['whoami']);
      expect(reported).toBeInstanceOf(GraphQLError);
      expect(reported.extensions).toEqual({ code: graphqlCode, reason: code });
      expect(reported.message).toBe(REFUSAL_MESSAGES[code]);
    },
  );

  it('is an IntrinsicException, which Nest does not log', () => {
    expect(graphqlRefusal('token_missing')).toBeInstanceOf(IntrinsicException);
  });

  it("has a stack without a single frame, which graphql-js reports as the error's stack", () => {
    const refusal = graphqlRefusal('token_missing');
    expect(refusal.stack).toBe('GraphqlRefusal: No access token was provided');
    expect(locatedError(refusal, undefined, undefined).stack).toBe(refusal.stack);
  });

  it('closes the graphql-ws connection of a subscription with a bad token with 4401, once the error is sent', async () => {
    const connection = graphqlWsConnection();
    graphqlRefusal('token_expired', connection);
    expect(connection.socket.closed).toEqual([]);
    await nextTurn();
    expect(connection.socket.closed).toEqual([[4401, 'token_expired']]);
  });

  it('closes the graphql-ws connection of a subscription refused while the revocations are stale with 1013, once the error is sent', async () => {
    const connection = graphqlWsConnection();
    const refusal = graphqlRefusal('session_store_unavailable', connection) as GraphQLError;
    expect(refusal.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'session_store_unavailable' });
    expect(connection.socket.closed).toEqual([]);
    await nextTurn();
    expect(connection.socket.closed).toEqual([[1013, 'session_store_unavailable']]);
  });

  it.each(['token_missing', 'permission_denied', 'group_finder_timeout'] as const)(
    'leaves the graphql-ws connection open on %s',
    async (code) => {
      const connection = graphqlWsConnection();
      graphqlRefusal(code, connection);
      await nextTurn();
      expect(connection.socket.closed).toEqual([]);
    },
  );

  it('closes nothing for a call over HTTP', async () => {
    const request = { headers: {}, close: jest.fn() };
    graphqlRefusal('token_invalid', request);
    await nextTurn();
    expect(request.close).not.toHaveBeenCalled();
  });

  it('answers scope_missing as a FORBIDDEN GraphQLError too', () => {
    expect((graphqlRefusal('scope_missing') as GraphQLError).extensions).toEqual({
      code: 'FORBIDDEN',
      reason: 'scope_missing',
    });
  });

  describe('dpop_nonce_required, with DPoP nonces on', () => {
    const dpop = { algs: 'ES256', nonce: () => 'nonce-1' };
    /** An HTTP adapter that records the headers it sets. */
    const recordingAdapter = () => {
      const headers: unknown[][] = [];
      const adapter = { setHeader: (...args: unknown[]) => headers.push(args) } as unknown as HttpServer;
      return { adapter, headers };
    };

    it('carries the nonce in extensions.dpopNonce and sets it as DPoP-Nonce on the response', () => {
      const { adapter, headers } = recordingAdapter();
      const response = {};
      const refusal = graphqlRefusal('dpop_nonce_required', {}, { response, adapter, dpop });
      const reported = locatedError(refusal, undefined, ['whoami']);
      expect(reported.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'dpop_nonce_required',
        dpopNonce: 'nonce-1',
      });
      expect(headers).toEqual([[response, 'DPoP-Nonce', 'nonce-1']]);
    });

    it('still carries the nonce in extensions when no response is reachable', () => {
      const { adapter, headers } = recordingAdapter();
      const refusal = graphqlRefusal('dpop_nonce_required', {}, { response: undefined, adapter, dpop });
      expect((refusal as GraphQLError).extensions.dpopNonce).toBe('nonce-1');
      expect(headers).toEqual([]);
    });

    it('carries no nonce when DPoP nonces are off', () => {
      const { adapter, headers } = recordingAdapter();
      const refusal = graphqlRefusal(
        'dpop_nonce_required',
        {},
        {
          response: {},
          adapter,
          dpop: { algs: 'ES256', nonce: undefined },
        },
      );
      expect((refusal as GraphQLError).extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'dpop_nonce_required',
      });
      expect(headers).toEqual([]);
    });

    it('carries no nonce for another DPoP refusal', () => {
      const { adapter, headers } = recordingAdapter();
      const refusal = graphqlRefusal('dpop_proof_replayed', {}, { response: {}, adapter, dpop });
      expect((refusal as GraphQLError).extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'dpop_proof_replayed',
      });
      expect(headers).toEqual([]);
    });
  });
});
