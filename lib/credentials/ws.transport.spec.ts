import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { createTokenReaders } from './token-readers.factory';
import { readWsToken, rememberHandshake } from './ws.transport';

const SECRET = 'x'.repeat(64);
const readers = (options: JwtAuthOptions = {}) =>
  createTokenReaders(resolveJwtAuthOptions({ secret: SECRET, ...options }));

/** A socket.io socket, as far as the reader looks. */
const socketIo = (handshake: object) => ({ handshake: { headers: {}, query: {}, auth: {}, ...handshake } });

describe('readWsToken', () => {
  describe('on a socket.io socket', () => {
    it('reads the Authorization header of the handshake', () => {
      expect(readWsToken(socketIo({ headers: { authorization: 'Bearer h.h.h' } }), readers())).toBe('h.h.h');
    });

    it('reads the handshake auth field when there is no header token', () => {
      expect(readWsToken(socketIo({ auth: { token: 'a.a.a' } }), readers())).toBe('a.a.a');
    });

    it('prefers the header to the auth field', () => {
      const client = socketIo({ headers: { authorization: 'Bearer h.h.h' }, auth: { token: 'a.a.a' } });
      expect(readWsToken(client, readers())).toBe('h.h.h');
    });

    it('reads the auth field named by wsAuthField', () => {
      expect(readWsToken(socketIo({ auth: { jwt: 'a.a.a' } }), readers({ wsAuthField: 'jwt' }))).toBe(
        'a.a.a',
      );
    });

    it('ignores the auth field when wsAuthField is false', () => {
      expect(
        readWsToken(socketIo({ auth: { token: 'a.a.a' } }), readers({ wsAuthField: false })),
      ).toBeUndefined();
    });

    it('ignores the query parameter unless wsQueryParam names it', () => {
      const client = socketIo({ query: { access_token: 'q.q.q' } });
      expect(readWsToken(client, readers())).toBeUndefined();
      expect(readWsToken(client, readers({ wsQueryParam: 'access_token' }))).toBe('q.q.q');
    });

    it('finds no token in a repeated query parameter', () => {
      const client = socketIo({ query: { access_token: ['q.q.q', 'r.r.r'] } });
      expect(readWsToken(client, readers({ wsQueryParam: 'access_token' }))).toBeUndefined();
    });
  });

  describe('on a ws socket', () => {
    const remembered = (request: { headers: object; url?: string }) => {
      const client = {};
      rememberHandshake(client, request);
      return client;
    };

    it('finds no token before its handshake is remembered', () => {
      expect(readWsToken({}, readers())).toBeUndefined();
    });

    it('reads the Authorization header of the remembered upgrade request', () => {
      expect(
        readWsToken(remembered({ headers: { authorization: 'Bearer h.h.h' }, url: '/' }), readers()),
      ).toBe('h.h.h');
    });

    it('reads the query parameter of the upgrade request URL when wsQueryParam names it', () => {
      const client = remembered({ headers: {}, url: '/events?access_token=q.q.q' });
      expect(readWsToken(client, readers({ wsQueryParam: 'access_token' }))).toBe('q.q.q');
    });

    it('finds no token in a query parameter given twice', () => {
      const client = remembered({ headers: {}, url: '/?access_token=q.q.q&access_token=r.r.r' });
      expect(readWsToken(client, readers({ wsQueryParam: 'access_token' }))).toBeUndefined();
    });
  });
});

describe('rememberHandshake', () => {
  it('refuses a client that is not an object', () => {
    expect(() => rememberHandshake(null as unknown as object, { headers: {} })).toThrow(TypeError);
  });

  it('refuses a request without headers', () => {
    expect(() => rememberHandshake({}, {} as { headers: object })).toThrow(/upgrade request/);
  });
});
