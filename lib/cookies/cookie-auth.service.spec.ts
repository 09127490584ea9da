import type { HttpAdapterHost } from '@nestjs/core';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenService } from '../token/jwt-token.service';
import { CookieAuthService } from './cookie-auth.service';
import { markCookieAuthenticated } from './cookie-session.store';

const SECRET = 's'.repeat(64);
const START = 1_893_456_000; // seconds

/** A response that records Set-Cookie lines, as an adapter's appendHeader would. */
class FakeResponse {
  readonly setCookies: string[] = [];
  headersSent = false;
}

function setup(options: JwtAuthOptions, now = () => START * 1000) {
  const resolved = resolveJwtAuthOptions({ secret: SECRET, clock: now, ...options });
  const tokens = new JwtTokenService(resolved);
  const adapter = {
    appendHeader: (response: FakeResponse, name: string, value: string) => {
      expect(name).toBe('Set-Cookie');
      response.setCookies.push(value);
    },
    isHeadersSent: (response: FakeResponse) => response.headersSent,
  };
  const service = new CookieAuthService(tokens, resolved, {
    httpAdapter: adapter,
  } as unknown as HttpAdapterHost);
  return { service, tokens };
}

describe('CookieAuthService', () => {
  it('refuses remember() outside cookie mode, saying which option to set', async () => {
    const { service } = setup({});
    await expect(service.remember(new FakeResponse(), 'alice')).rejects.toThrow(
      /needs cookie mode: pass the "cookie" option/,
    );
  });

  it('refuses forget() outside cookie mode', () => {
    const { service } = setup({});
    expect(() => service.forget(new FakeResponse())).toThrow(/forget\(\) needs cookie mode/);
  });

  it('refuses remember() in an application without an HTTP adapter', async () => {
    const resolved = resolveJwtAuthOptions({ secret: SECRET, cookie: {} });
    const service = new CookieAuthService(new JwtTokenService(resolved), resolved, undefined);
    await expect(service.remember(new FakeResponse(), 'alice')).rejects.toThrow(/needs an HTTP application/);
  });

  it.each([0, 0.5, -1, Number.NaN])('refuses an expiration of %p seconds', async (expiration) => {
    const { service } = setup({ cookie: {} });
    await expect(service.remember(new FakeResponse(), 'alice', { expiration })).rejects.toThrow(RangeError);
  });

  it('refuses claims that are not an object', async () => {
    const { service } = setup({ cookie: {} });
    await expect(
      service.remember(new FakeResponse(), 'alice', { claims: ['role'] as never }),
    ).rejects.toThrow(TypeError);
  });

  it('stamps auth_time and a fresh sid over claims of those names', async () => {
    const { service, tokens } = setup({ cookie: {} });
    const { token } = await service.remember(new FakeResponse(), 'alice', {
      claims: { auth_time: 1, sid: 'chosen' },
    });
    const claims = await tokens.verifyToken(token);
    expect(claims.auth_time).toBe(START);
    expect(claims.sid).not.toBe('chosen');
  });

  it('gives each login its own session id', async () => {
    const { service, tokens } = setup({ cookie: {} });
    const first = await tokens.verifyToken((await service.remember(new FakeResponse(), 'alice')).token);
    const second = await tokens.verifyToken((await service.remember(new FakeResponse(), 'alice')).token);
    expect(first.sid).not.toBe(second.sid);
  });

  describe('reissue', () => {
    async function cookieRequest(options: JwtAuthOptions, clock: { now: number }) {
      const { service, tokens } = setup(options, () => clock.now * 1000);
      const { token } = await service.remember(new FakeResponse(), 'alice');
      const request = {};
      markCookieAuthenticated(request, await tokens.verifyToken(token));
      return { service, request };
    }

    it('reissues once per response, however often it is asked', async () => {
      const clock = { now: START };
      const { service, request } = await cookieRequest({ cookie: { reissueTime: 60 } }, clock);
      clock.now += 61;
      const response = new FakeResponse();
      await expect(
        Promise.all([service.reissue(request, response), service.reissue(request, response)]),
      ).resolves.toEqual([true, false]);
      expect(response.setCookies).toHaveLength(2); // the token cookie and the CSRF cookie
    });

    it('does not reissue once the headers are sent', async () => {
      const clock = { now: START };
      const { service, request } = await cookieRequest({ cookie: { reissueTime: 60 } }, clock);
      clock.now += 61;
      const response = Object.assign(new FakeResponse(), { headersSent: true });
      await expect(service.reissue(request, response)).resolves.toBe(false);
    });

    it('does not reissue for a request no cookie authenticated', async () => {
      const { service } = setup({ cookie: { reissueTime: 60 } }, () => (START + 61) * 1000);
      await expect(service.reissue({}, new FakeResponse())).resolves.toBe(false);
    });

    it('does not reissue once the session has no whole second left', async () => {
      const clock = { now: START };
      const { service, request } = await cookieRequest(
        { cookie: { reissueTime: 60, maxSessionAge: 100 }, leeway: 30 },
        clock,
      );
      clock.now += 100;
      await expect(service.reissue(request, new FakeResponse())).resolves.toBe(false);
    });

    it('writes auth_time into a reissued token whose original had none, so maxSessionAge still caps the chain', async () => {
      const clock = { now: START };
      const { service, tokens } = setup({ cookie: { reissueTime: 60 } }, () => clock.now * 1000);
      const request = {};
      markCookieAuthenticated(request, await tokens.verifyToken(await tokens.createToken('alice')));
      clock.now += 61;
      const response = new FakeResponse();
      await service.reissue(request, response);
      const token = response.setCookies[0].split(';')[0].slice('Authorization='.length);
      expect((await tokens.verifyToken(token)).auth_time).toBe(START);
    });
  });
});
