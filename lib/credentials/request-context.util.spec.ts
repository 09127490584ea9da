import type { ExecutionContext } from '@nestjs/common';
import { getGraphqlResponse } from './graphql.transport';
import { getCallType, getRequest } from './request-context.util';

/** An execution context of the given type over `args`, as Nest builds them. */
function callOf(type: string, args: unknown[]): ExecutionContext {
  return {
    getType: () => type,
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({ getRequest: () => args[0], getResponse: () => args[1] }),
    switchToWs: () => ({ getClient: () => args[0], getData: () => args[1] }),
    switchToRpc: () => ({ getData: () => args[0], getContext: () => args[1] }),
  } as unknown as ExecutionContext;
}

describe('getCallType', () => {
  it.each(['http', 'graphql', 'ws', 'rpc'])('knows %s', (type) => {
    expect(getCallType(callOf(type, []))).toBe(type);
  });

  it('treats a context type it does not know as HTTP', () => {
    expect(getCallType(callOf('custom', []))).toBe('http');
  });
});

describe('getRequest', () => {
  it('is the request of an HTTP call', () => {
    const request = { headers: {} };
    expect(getRequest(callOf('http', [request, {}]))).toBe(request);
  });

  it('is the req of the GraphQL context (Apollo)', () => {
    const req = { headers: {} };
    expect(getRequest(callOf('graphql', [{}, {}, { req }, {}]))).toBe(req);
  });

  it("is the reply's request of the GraphQL context (Mercurius)", () => {
    const request = { headers: {} };
    expect(getRequest(callOf('graphql', [{}, {}, { reply: { request } }, {}]))).toBe(request);
  });

  it('is the GraphQL context itself when it holds no request', () => {
    const graphqlContext = { headers: { authorization: 'Bearer t.t.t' } };
    expect(getRequest(callOf('graphql', [{}, {}, graphqlContext, {}]))).toBe(graphqlContext);
  });

  it('is the client of a WebSocket message', () => {
    const client = { handshake: {} };
    expect(getRequest(callOf('ws', [client, 'data']))).toBe(client);
  });

  it('is the RPC context of a microservice message', () => {
    const rpcContext = {};
    expect(getRequest(callOf('rpc', [{}, rpcContext]))).toBe(rpcContext);
  });
});

describe('getGraphqlResponse', () => {
  it("is the request's res under Apollo on Express (Nest's default context holds only req)", () => {
    const res = {};
    expect(getGraphqlResponse(callOf('graphql', [{}, {}, { req: { headers: {}, res } }, {}]))).toBe(res);
  });

  it('is the res of the GraphQL context when the application passes it', () => {
    const res = {};
    expect(getGraphqlResponse(callOf('graphql', [{}, {}, { req: { headers: {} }, res }, {}]))).toBe(res);
  });

  it('is the reply of the GraphQL context (Mercurius, or Apollo on Fastify when the application passes it)', () => {
    const reply = { request: { headers: {} } };
    expect(getGraphqlResponse(callOf('graphql', [{}, {}, { reply }, {}]))).toBe(reply);
  });

  it("is undefined under Nest's default context on Fastify: the request does not know its reply", () => {
    expect(getGraphqlResponse(callOf('graphql', [{}, {}, { req: { headers: {} } }, {}]))).toBeUndefined();
  });
});
