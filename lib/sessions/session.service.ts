import { Inject, Injectable } from '@nestjs/common';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { PrincipalsService } from '../identity/principals.service';
import { boundKeyOf, isJwkThumbprint } from '../dpop/dpop-binding.util';
import { JwtAuthEvents } from '../observability/jwt-auth-events.service';
import { isServerFault } from '../refusal/refusal.constants';
import { JwtTokenError } from '../token/jwt-token.errors';
import { JwtTokenService } from '../token/jwt-token.service';
import { hashRefreshToken, isRefreshTokenShaped, newIdentifier, newRefreshToken } from './refresh-token.util';
import { RevocationState } from './revocation.state';
import { SessionError } from './session.errors';
import type { RefreshTokenRecord, Revocation, SessionRecord } from './session.interface';
import { SessionStore, SessionStoreUnavailableError } from './session.store';

/** Per-session settings of {@link SessionService.open}. */
export interface OpenSessionOptions {
  /**
   * Claims written into every access token of the session, this one and each refreshed one, after
   * `defaultClaims`. Plain JSON: a store may serialise them. `sub`, `iat`, `exp`, `aud`, `iss`,
   * `jti` and `sid` are always the module's.
   */
  claims?: Record<string, unknown>;
  /**
   * Binds every access token of the session to the client's DPoP key (RFC 9449): its RFC 7638
   * thumbprint, written as `cnf.jkt` (see `CreateTokenOptions.dpopJkt`). Refreshed tokens stay
   * bound to the same key. Default: none (Bearer tokens).
   */
  dpopJkt?: string;
}

/** Per-refresh settings of {@link SessionService.refresh}. */
export interface RefreshSessionOptions {
  /** The request, handed to the GroupFinder as its `request` argument. */
  request?: unknown;
  /**
   * Called with the session the refresh token belongs to, before the token is used up: throw to
   * refuse the refresh (cookie mode checks its CSRF proof here, as it is bound to the session).
   */
  verify?: (session: { readonly sessionId: string; readonly userId: string }) => void;
  /**
   * The thumbprint of the key of the refresh request's DPoP proof, as
   * `DpopService.verifyTokenRequestProof()` gives it; `undefined` when the request had none. A
   * session opened bound to a key (`OpenSessionOptions.dpopJkt`) is refreshed only with a proof of
   * that key (RFC 9449 §5): otherwise its refresh token is taken as stolen, the session is revoked
   * and the refresh rejected with `refresh_token_key_mismatch`. A session opened unbound stays so.
   */
  dpopJkt?: string;
}

/** A new token pair, from {@link SessionService.open} or {@link SessionService.refresh}. */
export interface SessionTokens {
  /** The access token: a JWT carrying `jti` and `sid`, sent as `Authorization: <tokenType> <token>`. */
  readonly accessToken: string;
  /** The opaque refresh token: 43 base64url characters, good for one refresh. */
  readonly refreshToken: string;
  /** How to present the access token: `Bearer` (RFC 6750), or `DPoP` when the session is bound to a DPoP key. */
  readonly tokenType: 'Bearer' | 'DPoP';
  /** The access token's lifetime, in seconds. */
  readonly expiresIn: number;
  /** The refresh token's lifetime, in seconds: the idle timeout, capped by the session's end. */
  readonly refreshExpiresIn: number;
  /** The session id (the tokens' `sid`), for `revokeSession()`. */
  readonly sessionId: string;
}

/**
 * Login sessions that can end: `open()` at login gives an access token and a refresh token;
 * `refresh()` trades a refresh token for a new pair (rotation, with reuse detection); `revokeToken()`,
 * `revokeSession()` and `revokeUser()` end them, on every instance that shares the store. A revoked
 * access token is refused by the guard from the next request on (`token_revoked`). Each revocation
 * and each reused refresh token is announced on {@link JwtAuthEvents} (`tokenRevoked`,
 * `refreshTokenReused`).
 */
@Injectable()
export class SessionService {
  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    private readonly tokens: JwtTokenService,
    private readonly store: SessionStore,
    private readonly revocations: RevocationState,
    private readonly principals: PrincipalsService,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
    private readonly events: JwtAuthEvents,
  ) {}

  /**
   * Opens a session for `userId`, once the application has authenticated the user: a new access
   * token and refresh token. Rejects with a `SessionError` (`session_store_unavailable`) when the
   * store cannot be reached, and a `TypeError` for a user id that is not one.
   */
  async open(userId: string, options: OpenSessionOptions = {}): Promise<SessionTokens> {
    if (typeof userId !== 'string' || userId === '' || userId === Everyone || userId === Authenticated) {
      throw new TypeError(
        'SessionService.open(): the user id must be a non-empty string that is not a system principal.',
      );
    }
    const claims = options.claims ?? {};
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
      throw new TypeError('SessionService.open(): "claims" must be a plain object of claims.');
    }
    const dpopJkt = options.dpopJkt;
    if (dpopJkt !== undefined && !isJwkThumbprint(dpopJkt)) {
      throw new TypeError(
        'SessionService.open(): "dpopJkt" must be the RFC 7638 SHA-256 thumbprint of the client\'s DPoP key (43 base64url characters): see jwkThumbprint().',
      );
    }
    const now = this.options.clock();
    const session: SessionRecord = {
      sid: newIdentifier(),
      userId,
      familyId: newIdentifier(),
      // The binding is a claim of the session, so that every refreshed token carries it too.
      claims: dpopJkt === undefined ? { ...claims } : { ...claims, cnf: { jkt: dpopJkt } },
      createdAt: now,
      expiresAt: now + this.options.sessions.absoluteLifetime * 1000,
      revoked: false,
    };
    const { token, record } = this.newRefreshToken(session, now, session.expiresAt);
    await this.reach(() => this.store.createSession(session, record));
    return this.tokenPair(session, token, record, now);
  }

  /**
   * Trades a refresh token for a new pair in the same session, using the old one up (rotation).
   * The GroupFinder is asked about the user again: `null` revokes the session. Rejects with a
   * {@link SessionError}: `refresh_token_invalid`, `refresh_token_expired`, `refresh_token_revoked`,
   * `refresh_token_reused` (the session is then revoked, and `refreshTokenReused` emitted),
   * `refresh_token_key_mismatch` (a DPoP-bound session without a proof of its key: see
   * `RefreshSessionOptions.dpopJkt`; the session is then revoked),
   * `user_unknown`, `user_lookup_failed` (the GroupFinder failed), or `session_store_unavailable`. Never anything else, whatever `refreshToken` is.
   */
  async refresh(refreshToken: unknown, options: RefreshSessionOptions = {}): Promise<SessionTokens> {
    if (typeof refreshToken !== 'string' || !isRefreshTokenShaped(refreshToken))
      throw new SessionError('refresh_token_invalid');
    const hash = hashRefreshToken(refreshToken);
    const found = await this.reach(() => this.store.findRefreshToken(hash));
    if (found === undefined) throw new SessionError('refresh_token_invalid');
    if (found.expiresAt <= this.options.clock()) throw new SessionError('refresh_token_expired');
    options.verify?.({ sessionId: found.sid, userId: found.userId });
    const identity = await this.principals.resolve({ sub: found.userId }, options.request);
    // A GroupFinder that failed says nothing of the user: refuse for now, revoke nothing.
    if (identity.anonymousReason !== undefined && isServerFault(identity.anonymousReason))
      throw new SessionError('user_lookup_failed');
    if (identity.userId === null) {
      await this.revokeSession(found.sid);
      throw new SessionError('user_unknown');
    }
    const now = this.options.clock();
    const { token, record } = this.newRefreshToken(found, now);
    const outcome = await this.reach(() =>
      this.store.rotateRefreshToken({
        hash,
        next: record,
        now,
        gracePeriod: this.options.sessions.reuseGracePeriod * 1000,
      }),
    );
    switch (outcome.status) {
      case 'rotated':
      case 'grace': {
        // The session's key is only known now: a refresh token without its key is used up and its session ended.
        const boundTo = boundKeyOf(outcome.session.claims);
        if (boundTo !== undefined && boundTo !== options.dpopJkt) {
          await this.revokeSession(found.sid);
          throw new SessionError('refresh_token_key_mismatch');
        }
        return this.tokenPair(outcome.session, token, record, now);
      }
      case 'reused':
        await this.revokeSession(found.sid);
        if (this.events.wants('refreshTokenReused'))
          this.events.emit('refreshTokenReused', {
            sessionId: found.sid,
            userId: found.userId,
            familyId: found.familyId,
            usedAt: found.usedAt,
            at: now,
          });
        throw new SessionError('refresh_token_reused');
      case 'revoked':
        throw new SessionError('refresh_token_revoked');
      case 'expired':
        throw new SessionError('refresh_token_expired');
      default:
        throw new SessionError('refresh_token_invalid');
    }
  }

  /**
   * Revokes one token: an access token (the JWT itself, or its `jti`), refused from the next
   * request on; or a refresh token, which revokes its whole session (RFC 7009 §2.1). Resolves to
   * whether something was revoked: `false` for what is neither (not a string, a JWT that does not
   * verify or has no `jti`, an unknown refresh token). A bare `jti` is remembered for `expiration`
   * seconds: pass the token itself for one made to live longer.
   */
  async revokeToken(tokenOrJti: unknown): Promise<boolean> {
    if (
      typeof tokenOrJti !== 'string' ||
      tokenOrJti === '' ||
      tokenOrJti.length > this.options.maxTokenLength
    )
      return false;
    if (isRefreshTokenShaped(tokenOrJti)) {
      const found = await this.reach(() => this.store.findRefreshToken(hashRefreshToken(tokenOrJti)));
      if (found === undefined) return false;
      await this.revokeSession(found.sid);
      return true;
    }
    const now = this.options.clock();
    if (!tokenOrJti.includes('.')) {
      await this.record({ kind: 'token', jti: tokenOrJti, expiresAt: now + this.accessHorizon() });
      return true;
    }
    const claims = await this.tokens.tryVerifyToken(tokenOrJti);
    if (claims instanceof JwtTokenError || typeof claims.jti !== 'string' || typeof claims.exp !== 'number')
      return false;
    await this.record({
      kind: 'token',
      jti: claims.jti,
      expiresAt: (claims.exp + this.options.leeway) * 1000,
    });
    return true;
  }

  /**
   * Revokes a session: every access token carrying this `sid` and every refresh token of the
   * session. Resolves to `false` for a `sid` that is not a non-empty string.
   */
  async revokeSession(sessionId: unknown): Promise<boolean> {
    if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > this.options.maxTokenLength)
      return false;
    const now = this.options.clock();
    await this.record({ kind: 'session', sid: sessionId, expiresAt: now + this.sessionHorizon() });
    return true;
  }

  /**
   * Revokes a user: every access token and refresh token of `userId` issued until now, on every
   * session (logout everywhere, a password change). Tokens issued afterwards are accepted; one
   * issued within the same second as the revocation is refused too (`iat` counts whole seconds).
   */
  async revokeUser(userId: unknown): Promise<boolean> {
    if (typeof userId !== 'string' || userId === '' || userId.length > this.options.maxTokenLength)
      return false;
    const now = this.options.clock();
    await this.record({ kind: 'user', userId, before: now, expiresAt: now + this.sessionHorizon() });
    return true;
  }

  /** Records a revocation in the store (which broadcasts it) and on this instance at once. */
  private async record(revocation: Revocation): Promise<void> {
    await this.reach(() => this.store.revoke(revocation, this.options.clock()));
    this.revocations.apply(revocation);
    if (this.events.wants('tokenRevoked'))
      this.events.emit('tokenRevoked', { revocation, at: this.options.clock() });
  }

  /** How long, in milliseconds, an access token issued now may live: `expiration` plus `leeway`. */
  private accessHorizon(): number {
    return (this.options.expiration + this.options.leeway) * 1000;
  }

  /** How long a revocation covering sessions must be kept: the longest session, plus its last access token. */
  private sessionHorizon(): number {
    return this.options.sessions.absoluteLifetime * 1000 + this.accessHorizon();
  }

  /**
   * A new refresh token of a session and the record a store keeps of it, expiring after the idle
   * timeout or at `sessionEnd`, whichever comes first (a rotation does not know the session's end:
   * the store checks it on every rotation).
   */
  private newRefreshToken(
    of: Pick<RefreshTokenRecord, 'sid' | 'userId' | 'familyId'>,
    now: number,
    sessionEnd = Infinity,
  ): { token: string; record: RefreshTokenRecord } {
    const token = newRefreshToken();
    const expiresAt = Math.min(now + this.options.sessions.idleTimeout * 1000, sessionEnd);
    const record = {
      hash: hashRefreshToken(token),
      sid: of.sid,
      userId: of.userId,
      familyId: of.familyId,
      issuedAt: now,
      expiresAt,
    };
    return { token, record };
  }

  /** The pair handed to the client: a new access token of the session, and its refresh token. */
  private async tokenPair(
    session: SessionRecord,
    refreshToken: string,
    record: RefreshTokenRecord,
    now: number,
  ): Promise<SessionTokens> {
    const accessToken = await this.tokens.createToken(session.userId, {
      claims: { ...session.claims, sid: session.sid },
    });
    return {
      accessToken,
      refreshToken,
      tokenType: boundKeyOf(session.claims) === undefined ? 'Bearer' : 'DPoP',
      expiresIn: Math.floor(this.options.expiration),
      refreshExpiresIn: Math.floor((Math.min(record.expiresAt, session.expiresAt) - now) / 1000),
      sessionId: session.sid,
    };
  }

  /** Runs a store call; a store out of reach becomes `session_store_unavailable`. */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SessionStoreUnavailableError)
        throw new SessionError('session_store_unavailable', { cause: error });
      throw error;
    }
  }
}
