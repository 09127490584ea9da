import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import {
  graphqlWsConnectionContext,
  isGraphqlWsConnection,
  readGraphqlWsToken,
  type GraphqlWsConnection,
} from './graphql-ws.transport';
import { getRequest } from './request-context.util';
import { createTokenReaders } from './token-readers.factory';

const SECRET = 'x'.repeat(64);
const readers = (options: JwtAuthOptions = {}) =>
  createTokenReaders(resolveJwtAuthOptions({ secret: SECRET, ...options }));

/** A graphql-ws connection context, as `graphql-ws/use/ws` makes it. */
function connection(
  connectionParams?: Record<string, unknown>,
  headers: Record<string, string> = {},
): GraphqlWsConnection {
  return {
    connectionInitReceived: true,
    acknowledged: false,
    subscriptions: {},
    connectionParams,
    extra: { socket: {}, request: { headers } },
  };
}

describe('isGraphqlWsConnection', () => {
  it('recognises a graphql-ws connection context', () => {
    expect(isGraphqlWsConnection(connection())).toBe(true);
  });

  it.each([
    ['an HTTP request', { headers: {}, method: 'POST' }],
    ['null', null],
    ['a context without its subscriptions', { connectionInitReceived: true, acknowledged: true }],
  ])('does not take %s for one', (_, value) => {
    expect(isGraphqlWsConnection(value)).toBe(false);
  });
});

describe('readGraphqlWsToken', () => {
  it.each([
    ['authorization: "Bearer <token>"', { authorization: 'Bearer t.t.t' }],
    ['Authorization: "Bearer <token>"', { Authorization: 'Bearer t.t.t' }],
    ['AUTHORIZATION: "bearer <token>"', { AUTHORIZATION: 'bearer t.t.t' }],
    ['the bare token under authorization', { authorization: 't.t.t' }],
    ['headers.Authorization: "Bearer <token>"', { headers: { Authorization: 'Bearer t.t.t' } }],
    ['headers.authorization: "Bearer <token>"', { headers: { authorization: 'Bearer t.t.t' } }],
    ['token: "<token>"', { token: 't.t.t' }],
    ['token: "Bearer <token>"', { token: 'Bearer t.t.t' }],
  ])('reads the connectionParams %s', (_, params) => {
    expect(readGraphqlWsToken(connection(params), readers())).toBe('t.t.t');
  });

  it('reads the Authorization header of the upgrade request when connectionParams carry none', () => {
    expect(readGraphqlWsToken(connection({}, { authorization: 'Bearer h.h.h' }), readers())).toBe('h.h.h');
  });

  it('prefers connectionParams to the upgrade request header', () => {
    const carrier = connection({ authorization: 'Bearer p.p.p' }, { authorization: 'Bearer h.h.h' });
    expect(readGraphqlWsToken(carrier, readers())).toBe('p.p.p');
  });

  it('reads them in order: the header name, then headers, then the wsAuthField field', () => {
    const all = { authorization: 'Bearer a.a.a', headers: { authorization: 'Bearer b.b.b' }, token: 'c.c.c' };
    expect(readGraphqlWsToken(connection(all), readers())).toBe('a.a.a');
    expect(readGraphqlWsToken(connection({ headers: all.headers, token: all.token }), readers())).toBe(
      'b.b.b',
    );
  });

  it('finds no token in two spellings of the header name at once', () => {
    const params = { authorization: 'Bearer a.a.a', Authorization: 'Bearer b.b.b' };
    expect(readGraphqlWsToken(connection(params), readers())).toBeUndefined();
  });

  it('finds no token under another scheme', () => {
    expect(
      readGraphqlWsToken(connection({ authorization: 'Basic dXNlcjpwYXNz' }), readers()),
    ).toBeUndefined();
  });

  it('finds no token in a value that is not a string', () => {
    expect(
      readGraphqlWsToken(connection({ authorization: ['Bearer a.a.a'], token: { value: 'x' } }), readers()),
    ).toBeUndefined();
  });

  it('finds no token without connectionParams or header', () => {
    expect(readGraphqlWsToken(connection(undefined), readers())).toBeUndefined();
  });

  it('never reads a cookie', () => {
    const carrier = connection({}, { cookie: 'jwt=c.c.c' });
    expect(readGraphqlWsToken(carrier, readers({ cookie: { name: 'jwt' } }))).toBeUndefined();
  });

  it('never reads a field the params inherit', () => {
    const params = Object.create({ token: 'p.p.p', authorization: 'Bearer p.p.p' }) as Record<
      string,
      unknown
    >;
    expect(readGraphqlWsToken(connection(params), readers())).toBeUndefined();
  });

  it('reads the field named by wsAuthField, and none when it is false', () => {
    expect(readGraphqlWsToken(connection({ jwt: 't.t.t' }), readers({ wsAuthField: 'jwt' }))).toBe('t.t.t');
    expect(
      readGraphqlWsToken(connection({ token: 't.t.t' }), readers({ wsAuthField: false })),
    ).toBeUndefined();
  });

  it('reads the header named by httpHeader, holding the bare token', () => {
    expect(
      readGraphqlWsToken(connection({ 'X-Api-Token': 't.t.t' }), readers({ httpHeader: 'x-api-token' })),
    ).toBe('t.t.t');
  });
});

describe('graphqlWsConnectionContext', () => {
  it('is a GraphQL call whose carrier is the connection itself', () => {
    const carrier = connection();
    const context = graphqlWsConnectionContext(carrier);
    expect(context.getType()).toBe('graphql');
    expect(getRequest(context)).toBe(carrier);
  });

  it('is made once per connection', () => {
    const carrier = connection();
    expect(graphqlWsConnectionContext(carrier)).toBe(graphqlWsConnectionContext(carrier));
  });
});
