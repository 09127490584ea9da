import { readDpopProof, requestHtu, usesDpopScheme } from './dpop-request.util';

describe('readDpopProof', () => {
  it('reads the one DPoP header', () => {
    expect(readDpopProof({ headers: { dpop: ' a.b.c ' } })).toBe('a.b.c');
  });

  it('has none for a missing, empty or repeated header (Node joins repeats with commas)', () => {
    expect(readDpopProof({ headers: {} })).toBeUndefined();
    expect(readDpopProof({ headers: { dpop: '' } })).toBeUndefined();
    expect(readDpopProof({ headers: { dpop: 'a.b.c, d.e.f' } })).toBeUndefined();
    expect(readDpopProof({ headers: { dpop: ['a.b.c', 'd.e.f'] } })).toBeUndefined();
  });
});

describe('requestHtu', () => {
  it("is the request's protocol, Host and path, without the query", () => {
    expect(
      requestHtu({ protocol: 'https', headers: { host: 'api.example.test' }, url: '/notes?x=1' }, undefined),
    ).toBe('https://api.example.test/notes');
  });

  it("prefers Express's originalUrl, which keeps a router's mount point", () => {
    const request = { headers: { host: 'h.test' }, originalUrl: '/v1/notes', url: '/notes' };
    expect(requestHtu(request, undefined)).toBe('http://h.test/v1/notes');
  });

  it('reads https from a TLS socket when the request names no protocol (Fastify raw request)', () => {
    const request = { headers: { host: 'h.test' }, url: '/n', raw: { socket: { encrypted: true } } };
    expect(requestHtu(request, undefined)).toBe('https://h.test/n');
  });

  it('uses the configured origin instead of the request’s protocol and Host', () => {
    const request = { protocol: 'http', headers: { host: '10.0.0.5:3000' }, url: '/notes' };
    expect(requestHtu(request, 'https://api.example.test')).toBe('https://api.example.test/notes');
  });

  it('is undefined for a Host that is not one, or a target that is not a path', () => {
    expect(requestHtu({ headers: { host: 'evil.test/x' }, url: '/n' }, undefined)).toBeUndefined();
    expect(requestHtu({ headers: { host: 'a@b.test' }, url: '/n' }, undefined)).toBeUndefined();
    expect(requestHtu({ headers: {}, url: '/n' }, undefined)).toBeUndefined();
    expect(requestHtu({ headers: { host: 'h.test' }, url: '//other.test/n' }, undefined)).toBeUndefined();
    expect(
      requestHtu({ headers: { host: 'h.test' }, url: 'http://other.test/n' }, undefined),
    ).toBeUndefined();
  });
});

describe('usesDpopScheme', () => {
  it('is true for the DPoP scheme, in any case', () => {
    expect(usesDpopScheme({ headers: { authorization: 'DPoP a.b.c' } })).toBe(true);
    expect(usesDpopScheme({ headers: { authorization: 'dpop a.b.c' } })).toBe(true);
  });

  it('is false for Bearer, for no Authorization, and for a scheme that only starts like it', () => {
    expect(usesDpopScheme({ headers: { authorization: 'Bearer a.b.c' } })).toBe(false);
    expect(usesDpopScheme({ headers: {} })).toBe(false);
    expect(usesDpopScheme({ headers: { authorization: 'DPoPx a.b.c' } })).toBe(false);
  });
});
