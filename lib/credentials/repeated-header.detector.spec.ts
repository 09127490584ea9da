import { createRepeatedHeaderDetector } from './repeated-header.detector';

const repeated = createRepeatedHeaderDetector('authorization');

/** An Express-like request: `headers` as Node keeps them (the first Authorization), and the raw lines. */
function expressRequest(rawHeaders: string[]) {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] ??= rawHeaders[i + 1];
  return { headers, rawHeaders };
}

describe('createRepeatedHeaderDetector', () => {
  it('finds the token header sent twice on an Express request', () => {
    expect(repeated(expressRequest(['Authorization', 'Bearer a', 'Authorization', 'Bearer b']))).toBe(true);
  });

  it("finds it on a Fastify request, whose raw lines are its Node request's", () => {
    const { headers, rawHeaders } = expressRequest([
      'Authorization',
      'Bearer a',
      'Host',
      'x',
      'Authorization',
      'Bearer b',
    ]);
    expect(repeated({ headers, raw: { rawHeaders } })).toBe(true);
  });

  it('matches the name in any case, each line its own', () => {
    expect(repeated(expressRequest(['authorization', 'Bearer a', 'AUTHORIZATION', 'Bearer b']))).toBe(true);
    expect(repeated(expressRequest(['aUtHoRiZaTiOn', 'Bearer a', 'Authorization', 'Bearer a']))).toBe(true);
  });

  it('lets one header through among others, even one whose name starts the same or has the same length', () => {
    expect(
      repeated(expressRequest(['Authorization', 'Bearer a', 'X-Authorization', 'b', 'Authorisation', 'c'])),
    ).toBe(false);
  });

  it('reads no raw line when the request has no token header', () => {
    const rawHeaders = new Proxy(['Host', 'x'], {
      get: () => {
        throw new Error('read');
      },
    });
    expect(repeated({ headers: { host: 'x' }, rawHeaders })).toBe(false);
  });

  it('answers false for a request without raw lines (a WebSocket handshake of socket.io, a test double)', () => {
    expect(repeated({ headers: { authorization: 'Bearer a' } })).toBe(false);
  });

  it('checks the configured header, not Authorization', () => {
    const tokenHeader = createRepeatedHeaderDetector('x-api-token');
    expect(tokenHeader(expressRequest(['X-Api-Token', 'a', 'x-api-token', 'b']))).toBe(true);
    expect(tokenHeader(expressRequest(['X-Api-Token', 'a', 'Authorization', 'Bearer b']))).toBe(false);
  });
});
