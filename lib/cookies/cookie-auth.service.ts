import { ForbiddenException, Inject, Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { VerifiedClaims } from '../identity/identity.interface';
import { REFUSAL_MESSAGES } from '../refusal/refusal.constants';
import { SessionError } from '../sessions/session.errors';
import { SessionService, type SessionTokens } from '../sessions/session.service';
import { JwtTokenService } from '../token/jwt-token.service';
import { AUTH_TIME_CLAIM, SESSION_ID_CLAIM } from './cookie-auth.constants';
import type { RememberOptions, RememberedSession, RememberedTokenPair } from './cookie-auth.interface';
import type { ResolvedJwtCookieOptions } from './cookie-auth.options';
import { getCookieValues, serializeSetCookie } from './cookie-header.util';
import { cookieAuthenticatedClaims, isResponseSettled, settleResponse } from './cookie-session.store';
import { csrfTokenFor, isCsrfTokenValid } from './csrf-token.util';
import { JwtAuthEvents } from '../observability/jwt-auth-events.service';

// Minimal view of Nest's HTTP adapter: the methods that exist, with the same meaning, on Express
// and Fastify adapters of NestJS 11 and 12. `appendHeader` adds a Set-Cookie line and keeps the
// ones already set (Express `res.append`, Fastify `reply.header`, which appends for set-cookie).
interface ResponseHeaders {
  appendHeader(response: unknown, name: string, value: string): unknown;
  isHeadersSent(response: unknown): boolean;
}

/**
 * Logs users in and out of cookie mode, as Pyramid's `remember` and `forget`: sets the cookie that
 * holds a fresh JWT (and its CSRF cookie), or clears them. Works on Express and Fastify responses
 * alike, through Nest's HTTP adapter: no `cookie-parser` or `@fastify/cookie` needed. Also performs
 * the sliding reissue, after the handler, for the module's interceptor.
 */
@Injectable()
export class CookieAuthService {
  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    private readonly tokenService: JwtTokenService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
    @Optional() private readonly sessions?: SessionService,
    @Optional() private readonly events?: JwtAuthEvents,
  ) {}

  /**
   * Logs `principal` in: sets the token cookie with a fresh JWT for that user id, and the CSRF
   * cookie bound to it. The token records when the user authenticated (`auth_time`) and a random
   * login-session id (`sid`). `response` is the Express `res` or Fastify `reply`, e.g. from
   * `@Res({ passthrough: true })`. The response gets no reissued cookie after this.
   */
  async remember(
    response: object,
    principal: string,
    options: RememberOptions = {},
  ): Promise<RememberedSession> {
    const cookie = this.cookieOptions('remember');
    const { claims = {}, expiration = this.options.expiration } = options;
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
      throw new TypeError('remember(): "claims" must be a plain object of claims.');
    }
    const lifetime = Math.floor(Math.min(expiration, cookie.maxSessionAge ?? Infinity));
    if (!(lifetime >= 1)) {
      throw new RangeError('remember(): "expiration" must be a finite number of seconds, 1 or more.');
    }
    const sessionClaims = {
      ...claims,
      [AUTH_TIME_CLAIM]: Math.floor(this.options.clock() / 1000),
      [SESSION_ID_CLAIM]: randomBytes(16).toString('base64url'),
    };
    const token = await this.tokenService.createToken(principal, {
      claims: sessionClaims,
      expiration: lifetime,
    });
    settleResponse(response);
    const csrfToken = this.writeCookies(response, cookie, token, sessionClaims, lifetime);
    return { token, csrfToken, expiresIn: lifetime };
  }

  /**
   * Puts a session's tokens (from `SessionService.open()` or `refresh()`) in the response's
   * cookies: the access token in the token cookie, the CSRF cookie bound to the session, and, with
   * `cookie.refreshPath`, the refresh token in an `HttpOnly` cookie sent to that route only. The
   * response gets no reissued cookie after this.
   */
  rememberSession(response: object, tokens: SessionTokens): RememberedTokenPair {
    const cookie = this.cookieOptions('rememberSession');
    settleResponse(response);
    const csrfToken = this.writeCookies(
      response,
      cookie,
      tokens.accessToken,
      { sid: tokens.sessionId },
      tokens.expiresIn,
    );
    if (cookie.refresh) {
      const line = serializeSetCookie(
        cookie.refresh.name,
        tokens.refreshToken,
        tokens.refreshExpiresIn,
        cookie.refresh.attributes,
      );
      this.responseHeaders().appendHeader(response, 'Set-Cookie', line);
    }
    return {
      csrfToken,
      expiresIn: tokens.expiresIn,
      refreshExpiresIn: tokens.refreshExpiresIn,
      sessionId: tokens.sessionId,
    };
  }

  /**
   * Refreshes the session of the refresh cookie (`cookie.refreshPath`): checks the CSRF header
   * against the session (403 `csrf_missing` / `csrf_invalid`), rotates the token with
   * `SessionService.refresh()` (a `SessionError` when refused), and writes the new cookies. No
   * refresh cookie, or several: `refresh_token_invalid`.
   */
  async refreshSession(
    request: { headers?: Record<string, string | string[] | undefined> },
    response: object,
  ): Promise<RememberedTokenPair> {
    const cookie = this.cookieOptions('refreshSession');
    if (!cookie.refresh) {
      throw new Error(
        'CookieAuthService.refreshSession() needs "cookie.refreshPath", the path of the refresh route.',
      );
    }
    if (!this.sessions)
      throw new Error(
        'CookieAuthService.refreshSession() needs SessionService, which JwtAuthModule provides.',
      );
    const headers = request.headers ?? {};
    const values = getCookieValues(headers.cookie, cookie.refresh.name).filter((value) => value !== '');
    if (values.length !== 1) throw new SessionError('refresh_token_invalid');
    const csrf = cookie.csrf;
    const tokens = await this.sessions.refresh(values[0], {
      request,
      verify: ({ sessionId, userId }) => {
        if (!csrf) return;
        const sent = headers[csrf.headerName];
        const code =
          sent === undefined || sent === ''
            ? 'csrf_missing'
            : isCsrfTokenValid(csrfTokenFor('', { sid: sessionId }, csrf.key), sent)
              ? undefined
              : 'csrf_invalid';
        if (code === undefined) return;
        if (this.events?.wants('csrfFailed'))
          this.events.emit('csrfFailed', { code, userId, method: (request as { method?: string }).method });
        throw csrfRefusal(code);
      },
    });
    return this.rememberSession(response, tokens);
  }

  /**
   * Logs the user out: clears the token cookie, the CSRF cookie and the refresh cookie
   * (`Max-Age=0`, with the same `Path` and `Domain`). The response gets no reissued cookie after
   * this. The token itself stays valid until it expires, unless its session is revoked too
   * (`SessionService.revokeSession()`).
   */
  forget(response: object): void {
    const cookie = this.cookieOptions('forget');
    settleResponse(response);
    const headers = this.responseHeaders();
    headers.appendHeader(response, 'Set-Cookie', serializeSetCookie(cookie.name, '', 0, cookie.attributes));
    if (cookie.csrf) {
      headers.appendHeader(
        response,
        'Set-Cookie',
        serializeSetCookie(cookie.csrf.cookieName, '', 0, cookie.csrf.attributes),
      );
    }
    if (cookie.refresh) {
      headers.appendHeader(
        response,
        'Set-Cookie',
        serializeSetCookie(cookie.refresh.name, '', 0, cookie.refresh.attributes),
      );
    }
  }

  /**
   * Cancels the sliding reissue for this response, from a handler that decides per request
   * (`@NoReissue()` decides per route).
   */
  cancelReissue(response: object): void {
    settleResponse(response);
  }

  /**
   * Reissues the cookie when it is due: the request was authenticated by a cookie (so the
   * GroupFinder accepted the user), its token is at least `reissueTime` old, `maxSessionAge` is
   * not reached, the handler settled nothing, and the headers are not sent. The new token keeps
   * every claim but gets a new `iat` and `exp`; its lifetime is the old one's, capped by
   * `maxSessionAge`. The module's interceptor calls this after each handler; a handler that writes
   * its own response with `@Res()` may call it before sending. Returns whether it reissued.
   */
  async reissue(request: object, response: object): Promise<boolean> {
    const cookie = this.options.cookie;
    const claims = cookieAuthenticatedClaims(request);
    if (cookie?.reissueTime === undefined || claims === undefined || isResponseSettled(response))
      return false;
    const authTime = typeof claims[AUTH_TIME_CLAIM] === 'number' ? claims[AUTH_TIME_CLAIM] : claims.iat;
    const lifetime = this.reissueLifetime(claims, authTime, cookie);
    if (lifetime === undefined || this.responseHeaders().isHeadersSent(response)) return false;
    settleResponse(response); // once per response, even if called again while the token is signed
    // Time claims are recomputed; sub, aud and iss are the module's (createToken sets them).
    const { sub, iat, exp, nbf, iss, aud, ...kept } = claims;
    const sessionClaims = { ...kept, [AUTH_TIME_CLAIM]: authTime };
    const audience = typeof aud === 'object' ? [...aud] : aud;
    const token = await this.tokenService.createToken(sub as string, {
      claims: sessionClaims,
      expiration: lifetime,
      audience,
    });
    this.writeCookies(response, cookie, token, sessionClaims, lifetime);
    if (this.events?.wants('cookieReissued')) {
      this.events.emit('cookieReissued', {
        userId: sub as string,
        sessionId: typeof kept.sid === 'string' ? kept.sid : undefined,
        expiresIn: lifetime,
      });
    }
    return true;
  }

  /** The reissued token's lifetime in whole seconds, or `undefined` when no reissue is due. */
  private reissueLifetime(
    claims: VerifiedClaims,
    authTime: number | undefined,
    cookie: ResolvedJwtCookieOptions,
  ): number | undefined {
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || typeof authTime !== 'number') return undefined;
    const now = Math.floor(this.options.clock() / 1000);
    if (now - iat < cookie.reissueTime!) return undefined;
    const sessionLeft = cookie.maxSessionAge === undefined ? Infinity : authTime + cookie.maxSessionAge - now;
    const lifetime = Math.floor(Math.min(exp - iat, sessionLeft));
    return lifetime >= 1 ? lifetime : undefined;
  }

  /** Appends the token cookie and the CSRF cookie; returns the CSRF token. */
  private writeCookies(
    response: object,
    cookie: ResolvedJwtCookieOptions,
    token: string,
    claims: VerifiedClaims,
    maxAge: number,
  ): string | undefined {
    const headers = this.responseHeaders();
    headers.appendHeader(
      response,
      'Set-Cookie',
      serializeSetCookie(cookie.name, token, maxAge, cookie.attributes),
    );
    if (!cookie.csrf) return undefined;
    const csrfToken = csrfTokenFor(token, claims, cookie.csrf.key);
    headers.appendHeader(
      response,
      'Set-Cookie',
      serializeSetCookie(cookie.csrf.cookieName, csrfToken, maxAge, cookie.csrf.attributes),
    );
    return csrfToken;
  }

  private cookieOptions(method: string): ResolvedJwtCookieOptions {
    if (this.options.cookie) return this.options.cookie;
    throw new Error(
      `CookieAuthService.${method}() needs cookie mode: pass the "cookie" option to JwtAuthModule.forRoot(), e.g. cookie: {}.`,
    );
  }

  private responseHeaders(): ResponseHeaders {
    const adapter = this.adapterHost?.httpAdapter as ResponseHeaders | undefined;
    if (adapter) return adapter;
    throw new Error('CookieAuthService needs an HTTP application (NestFactory.create) to set cookies.');
  }
}

/** A refresh from the cookie whose CSRF header is missing or wrong: 403, as the guard answers. */
function csrfRefusal(code: 'csrf_missing' | 'csrf_invalid'): ForbiddenException {
  return new ForbiddenException({
    statusCode: 403,
    error: 'Forbidden',
    code,
    message: REFUSAL_MESSAGES[code],
  });
}
