import type { ExecutionContext } from '@nestjs/common';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import type { CallRequest } from './call-request.interface';
import {
  getGraphqlRequest,
  getGraphqlResponse,
  isGraphqlConnectionCall,
  readGraphqlToken,
} from './graphql.transport';
import { createTokenReaders } from './token-readers.factory';

const readers = (options: JwtAuthOptions = {}) =>
  createTokenReaders(resolveJwtAuthOptions({ secret: 'x'.repeat(64), ...options }));

/** A GraphQL resolver's execution context over `graphqlContext`, as Nest builds it. */
function graphqlCall(graphqlContext: object): ExecutionContext {
  const args = [{}, {}, graphqlContext, {}];
  return {
    getType: () => 'graphql',
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
  } as unknown as ExecutionContext;
}

/**
 * A Mercurius subscription's GraphQL context: the connection's upgrade request (with the
 * `connection_init` payload's fields named as headers merged into its headers, as Mercurius does),
 * the payload itself, and a stand-in `reply` holding only the request.
 */
function mercuriusSubscription(payload: unknown, upgradeHeaders: Record<string, string> = {}) {
  const request: CallRequest = { headers: { ...upgradeHeaders }, method: 'GET' };
  if (typeof payload === 'object' && payload !== null) {
    const merged = (payload as { headers?: object }).headers ?? payload;
    for (const [key, value] of Object.entries(merged)) request.headers![key] ??= value as string;
  }
  return {
    request,
    graphqlContext: { app: {}, pubsub: {}, request, reply: { request }, _connectionInit: payload },
  };
}

describe('a Mercurius subscription', () => {
  it("is carried by its connection's upgrade request, shared by the connection's subscriptions", () => {
    const { request, graphqlContext } = mercuriusSubscription({});
    expect(getGraphqlRequest(graphqlCall(graphqlContext))).toBe(request);
  });

  it('has no response to set a header on: the stand-in reply is not one', () => {
    const { graphqlContext } = mercuriusSubscription({});
    expect(getGraphqlResponse(graphqlCall(graphqlContext))).toBeUndefined();
  });

  it.each([
    ['{ authorization: "Bearer <token>" }', { authorization: 'Bearer p.p.p' }],
    [
      '{ Authorization: "Bearer <token>" }, which Mercurius merges as a header no one reads',
      { Authorization: 'Bearer p.p.p' },
    ],
    ['{ headers: { Authorization: "Bearer <token>" } }', { headers: { Authorization: 'Bearer p.p.p' } }],
    ['{ token: "<token>" }', { token: 'p.p.p' }],
    ['{ authorization: "<token>" }, the bare token', { authorization: 'p.p.p' }],
  ])('takes its token from the connection_init payload %s, as graphql-ws connections do', (_, payload) => {
    const { request, graphqlContext } = mercuriusSubscription(payload);
    expect(readGraphqlToken(graphqlCall(graphqlContext), request, readers())).toBe('p.p.p');
  });

  it("prefers the payload's token to the upgrade request's header, as graphql-ws connections do", () => {
    const { request, graphqlContext } = mercuriusSubscription(
      { authorization: 'Bearer p.p.p' },
      { authorization: 'Bearer h.h.h' },
    );
    expect(readGraphqlToken(graphqlCall(graphqlContext), request, readers())).toBe('p.p.p');
  });

  it("takes the upgrade request's header without a token in the payload", () => {
    const { request, graphqlContext } = mercuriusSubscription(undefined, { authorization: 'Bearer h.h.h' });
    expect(readGraphqlToken(graphqlCall(graphqlContext), request, readers())).toBe('h.h.h');
  });

  it('never reads a cookie, which a cross-site WebSocket handshake carries too', () => {
    const { request, graphqlContext } = mercuriusSubscription({}, { cookie: 'jwt=c.c.c' });
    expect(
      readGraphqlToken(graphqlCall(graphqlContext), request, readers({ cookie: { name: 'jwt' } })),
    ).toBeUndefined();
  });
});

describe('a Mercurius query or mutation', () => {
  it("is carried by Nest's req, with Mercurius's reply as its response", () => {
    const req = { headers: { authorization: 'Bearer q.q.q' }, method: 'POST' };
    const reply = { request: req, raw: {} };
    const call = graphqlCall({ req, reply, app: {} });
    expect(getGraphqlRequest(call)).toBe(req);
    expect(getGraphqlResponse(call)).toBe(reply);
    expect(readGraphqlToken(call, req, readers())).toBe('q.q.q');
  });
});

describe('isGraphqlConnectionCall', () => {
  it('is true for a Mercurius subscription, whose connection keeps the identity', () => {
    expect(isGraphqlConnectionCall(graphqlCall(mercuriusSubscription({}).graphqlContext))).toBe(true);
  });

  it('is true for a subscription on a graphql-ws connection (Apollo)', () => {
    const req = { connectionInitReceived: true, acknowledged: true, subscriptions: {}, connectionParams: {} };
    expect(isGraphqlConnectionCall(graphqlCall({ req }))).toBe(true);
  });

  it('is false for a query or mutation over HTTP, on either driver', () => {
    const req = { headers: {}, method: 'POST' };
    expect(isGraphqlConnectionCall(graphqlCall({ req }))).toBe(false);
    expect(isGraphqlConnectionCall(graphqlCall({ req, reply: { request: req, raw: {} }, app: {} }))).toBe(
      false,
    );
  });
});
