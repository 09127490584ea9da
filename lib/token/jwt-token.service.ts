import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { VerifiedClaims } from '../identity/identity.interface';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import type { JsonWebKeySet } from './jwk.util';
import type { IssuedToken } from './issued-token.interface';
import { JwtKeySet } from './jwt-key.set';
import { JwtTokenError, JwtVerifyOnlyError } from './jwt-token.errors';
import { JwksClient } from './jwks.client';
import { JwksFetchReporter } from '../observability/jwks-fetch.reporter';
import type { TrustedIssuer } from './trusted-issuer.interface';
import { IssuerRegistry } from '../issuers/issuer.registry';
import { trustedIssuerOf } from '../issuers/trusted-issuer.factory';
import type { JwsSignatureCheck } from './jws-signature.verifier';
import type { JwksStatus } from './jwks.status';
import { signJws } from './jws.signer';
import { decodeJsonObject, isJsonObject } from './jws-segment.util';
import { VerifiedTokenCache } from './verified-token.cache';
import { isPromiseLike, type MaybePromise } from '../utils/maybe-promise.util';
import { newIdentifier, newTokenId } from '../sessions/refresh-token.util';
import { isJwkThumbprint } from '../dpop/dpop-binding.util';

/** Per-token settings of {@link JwtTokenService.createToken}; each defaults to the module option. */
export interface CreateTokenOptions {
  /** Lifetime of this token, in seconds. */
  expiration?: number;
  /** The audience of this token. */
  audience?: string | string[];
  /**
   * Claims added to this token, after `defaultClaims`. `sub`, `iat`, `exp`, `aud`, `iss` and `jti`
   * are always the module's; a non-empty string `sid` is kept (the token then belongs to that
   * session), any other is replaced by a new one.
   */
  claims?: Record<string, unknown>;
  /**
   * Binds the token to the client's DPoP key (RFC 9449 §6): its RFC 7638 thumbprint (see
   * `jwkThumbprint()`), written as the `cnf.jkt` claim. The guard then accepts the token only as
   * `Authorization: DPoP <token>` with a proof signed by that key. Default: none (a Bearer token).
   */
  dpopJkt?: string;
}

// Three non-empty base64url segments: the JWS compact serialization with a signature (RFC 7515 §7.1).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// Header parameters that would make the token pick its own key or change how it is read (RFC 8725 §3.10).
const FORBIDDEN_HEADERS = ['crit', 'jwk', 'jku', 'x5u', 'x5c', 'zip'] as const;
// An issuer's tokens share a handful of headers (one per key), so headers that passed are kept by
// their exact segment and read back instead of decoded again. Bounded: emptied when full, and only
// headers of ordinary size are kept.
const MEMO_HEADERS = 64;
const MEMO_HEADER_LENGTH = 512;

/** What the pipeline reads from a header that passed its checks. */
interface JwsHeader {
  /** The header's `alg`, one of the allowed algorithms. */
  readonly alg: JwtAlgorithm;
  /** The header's `kid`, when it names one. */
  readonly kid: string | undefined;
  /** Whether its `typ` says an RFC 9068 access token (`at+jwt`, or `application/at+jwt`, in any case). */
  readonly atJwt: boolean;
}

// RFC 9068 §4: the `typ` of an access token, compared as a media type is, case-insensitively.
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);
// The `typ` written into the service's own access tokens under the profile (RFC 9068 §2.1).
const ACCESS_TOKEN_TYPE = 'at+jwt';

/** A JWS compact serialization split into its parts, its header decoded and checked for shape. */
interface CompactJws extends JwsHeader {
  /** `base64url(header) + '.' + base64url(payload)`: the signed bytes. */
  readonly signingInput: string;
  /** The payload segment, still base64url-encoded. */
  readonly payloadSegment: string;
  /** The signature segment, still base64url-encoded. */
  readonly signatureSegment: string;
}

// The pipeline refuses a token by throwing a JwtTokenError; anything else thrown is a bug, let through.
function refusalOf(error: unknown): JwtTokenError {
  if (error instanceof JwtTokenError) return error;
  throw error;
}

/**
 * Creates and verifies the application's tokens (pyramid_jwt's `create_jwt_token` and policy).
 * Signing goes through `@nestjs/jwt`; verification is strict (RFC 8725), on node:crypto, through
 * one pipeline for every algorithm and key source: shape → key → signature → payload → claims.
 */
@Injectable()
export class JwtTokenService implements OnModuleDestroy {
  // The signing backend. No key of its own: each call names the KeyObject, normalised at start-up.
  private readonly jwt = new JwtService();
  // The module's own keys, issuer, audience and algorithms: the one entry without `issuers`.
  private readonly own: TrustedIssuer;
  private readonly localKeys: JwtKeySet;
  private readonly remoteKeys: JwksClient | undefined;
  // With `issuers` only: the entries by `iss`, and the module's own entry for the `iss` none lists
  // (when it has keys and no `issuer` of its own).
  private readonly issuers: IssuerRegistry<TrustedIssuer> | undefined;
  private readonly unlistedIssuer: TrustedIssuer | undefined;
  private readonly trusted: readonly TrustedIssuer[];
  // Every entry's algorithms: a header naming another `alg` is refused before the payload is read.
  private readonly algorithms: readonly JwtAlgorithm[];
  private readonly tokenCache: VerifiedTokenCache | undefined;
  private readonly headers = new Map<string, JwsHeader>();

  /** @internal Built by Nest's injector: its parameters are not part of the API. */
  constructor(
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
    @Optional() jwksReporter?: JwksFetchReporter,
  ) {
    this.localKeys = new JwtKeySet(options.keys.verification);
    this.remoteKeys = options.jwks
      ? new JwksClient(options.jwks, options.algorithms, options.clock, jwksReporter)
      : undefined;
    this.own = Object.freeze({
      issuer: options.issuer,
      audience: options.audience,
      algorithms: options.algorithms,
      localKeys: this.localKeys,
      remoteKeys: this.remoteKeys,
      profile: options.profile,
    });
    const hasOwnKeys = options.keys.verification.length > 0 || this.remoteKeys !== undefined;
    const listed = options.issuers.map((entry) => trustedIssuerOf(entry, options.clock, jwksReporter));
    this.trusted = hasOwnKeys ? [this.own, ...listed] : listed;
    if (listed.length > 0) {
      this.issuers = new IssuerRegistry(this.trusted);
      this.unlistedIssuer = hasOwnKeys && options.issuer === undefined ? this.own : undefined;
      this.algorithms = Object.freeze([...new Set(this.trusted.flatMap((entry) => entry.algorithms))]);
    } else {
      this.algorithms = options.algorithms;
    }
    this.tokenCache = options.tokenCache
      ? new VerifiedTokenCache(options.tokenCache, options.leeway)
      : undefined;
  }

  /**
   * A number that changes whenever the set of keys tokens are verified with changes: configured
   * keys never change, so it only moves when a fetch (`jwksUri`, an issuer's JWK Set or discovery)
   * brings a different set (a key added, rotated or withdrawn). A cache of verified tokens should
   * drop its entries when it changes.
   */
  get keySetGeneration(): number {
    if (this.issuers === undefined) return this.remoteKeys?.generation ?? 0;
    let generation = 0;
    for (const entry of this.trusted) generation += entry.remoteKeys?.generation ?? 0;
    return generation;
  }

  /**
   * The state of every source of fetched keys (`jwksUri`, and each `issuers` entry with a JWK Set
   * or discovery), in configuration order: what `JwtAuthHealthIndicator` reports. Reading it
   * fetches nothing; configured keys are not listed, as they cannot go stale.
   */
  jwksStatus(): JwksStatus[] {
    return this.trusted.flatMap((entry) =>
      entry.remoteKeys ? [{ issuer: entry.issuer, ...entry.remoteKeys.status() }] : [],
    );
  }

  /**
   * A signed token for `principal` (the user id, written as `sub`): the default claims, then
   * `options.claims`, then `sub`, `iat`, `exp`, and `aud` / `iss` when configured, and always a
   * new `jti` (128 random bits after the time of issue in milliseconds) and a `sid` (the one in the
   * claims, else a new one), by which `SessionService` can revoke it. Signed with the signing key,
   * whose `kid` (if any) goes into the header. Throws {@link JwtVerifyOnlyError} on a
   * service that has no signing key. {@link JwtTokenService.issueToken} also gives the token's lifetime.
   * With `dpopJkt`, the token is bound to that DPoP key (`cnf.jkt`).
   */
  async createToken(principal: string, options: CreateTokenOptions = {}): Promise<string> {
    return this.sign(principal, options, 'createToken').token;
  }

  /**
   * {@link JwtTokenService.createToken}, with the token's lifetime: what a login route answers, so it never
   * repeats the `expiration` setting. `expiresIn` is in seconds, `expiresAt` the token's `exp`.
   *
   * @example
   * const { accessToken, expiresIn } = await tokens.issueToken(user.id, { claims: { name: user.name } });
   * return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
   */
  async issueToken(principal: string, options: CreateTokenOptions = {}): Promise<IssuedToken> {
    const { token, iat, exp } = this.sign(principal, options, 'issueToken');
    return {
      accessToken: token,
      tokenType: options.dpopJkt === undefined ? 'Bearer' : 'DPoP',
      expiresIn: exp - iat,
      expiresAt: new Date(exp * 1000),
    };
  }

  // The token and its time claims; `caller` names the public method in error messages.
  private sign(
    principal: string,
    options: CreateTokenOptions,
    caller: string,
  ): { token: string; iat: number; exp: number } {
    const signingKey = this.options.keys.signing;
    if (!signingKey) throw new JwtVerifyOnlyError();
    if (
      typeof principal !== 'string' ||
      principal === '' ||
      principal === Everyone ||
      principal === Authenticated
    ) {
      throw new TypeError(
        `${caller}(): the principal must be a non-empty user id that is not a system principal.`,
      );
    }
    const expiration = options.expiration ?? this.options.expiration;
    if (typeof expiration !== 'number' || !Number.isFinite(expiration) || expiration <= 0) {
      throw new RangeError(`${caller}(): "expiration" must be a positive, finite number of seconds.`);
    }
    const issuedAt = this.options.clock();
    const iat = Math.floor(issuedAt / 1000);
    const exp = iat + Math.floor(expiration);
    const audience = options.audience ?? this.options.audience;
    const claims: Record<string, unknown> = { ...this.options.defaultClaims, ...options.claims };
    if (options.dpopJkt !== undefined) {
      if (!isJwkThumbprint(options.dpopJkt)) {
        throw new TypeError(
          `${caller}(): "dpopJkt" must be the RFC 7638 SHA-256 thumbprint of the client's DPoP key (43 base64url characters): see jwkThumbprint().`,
        );
      }
      claims.cnf = { jkt: options.dpopJkt };
    }
    const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : newIdentifier();
    const payload: Record<string, unknown> = {
      ...claims,
      sub: principal,
      iat,
      exp,
      jti: newTokenId(issuedAt),
      sid,
    };
    if (audience !== undefined) payload.aud = audience;
    else delete payload.aud;
    if (this.options.issuer !== undefined) payload.iss = this.options.issuer;
    else delete payload.iss;
    if (this.options.profile === undefined)
      return { token: signJws(this.jwt, payload, signingKey), iat, exp };
    // RFC 9068 §2.2: every access token names its client (its jti, every token of the module has).
    if (typeof payload.client_id !== 'string' || payload.client_id === '') {
      throw new TypeError(
        `${caller}(): with profile 'at+jwt', tokens need a "client_id" claim: set it in "defaultClaims" or in this call's claims.`,
      );
    }
    return { token: signJws(this.jwt, payload, signingKey, ACCESS_TOKEN_TYPE), iat, exp };
  }

  /**
   * Resolves to the claims of a token that passes every check; rejects with a {@link JwtTokenError}
   * whose `code` says why not, and with nothing else, whatever the input. Asynchronous because,
   * with `jwksUri`, the key may have to be fetched.
   */
  async verifyToken<T extends VerifiedClaims = VerifiedClaims>(token: string): Promise<T> {
    const pending = this.tryVerifyToken<T>(token);
    // Awaiting a value that is already there would still cost a trip through the microtask queue.
    const outcome = isPromiseLike(pending) ? await pending : pending;
    if (outcome instanceof JwtTokenError) throw outcome;
    return outcome;
  }

  /**
   * {@link JwtTokenService.verifyToken} for a hot path such as a guard: the same checks, with the refusal returned
   * as a value instead of thrown, and the outcome returned at once, not as a promise, unless a
   * `jwksUri` key has to be fetched first. `await` it.
   */
  tryVerifyToken<T extends VerifiedClaims = VerifiedClaims>(token: string): MaybePromise<T | JwtTokenError> {
    const now = Math.floor(this.options.clock() / 1000);
    try {
      // A repeated token skips shape, key and signature work; its time checks are redone on every hit.
      this.tokenCache?.useKeyGeneration(this.keySetGeneration);
      const cached = this.tokenCache?.get(token, now);
      if (cached !== undefined) {
        // A hit relies on the key set as a miss would, so it too starts the refetch of a stale set:
        // else a withdrawn key would stay trusted for as long as only cached tokens arrive.
        (this.issuers === undefined
          ? this.remoteKeys
          : this.issuerOf(cached.iss)?.remoteKeys
        )?.refreshIfStale();
        return cached as T;
      }
      const jws = this.checkShape(token);
      if (this.issuers !== undefined)
        return this.verifyFromIssuer(token, jws, now) as MaybePromise<T | JwtTokenError>;
      const check = this.localKeys.find(jws.kid, jws.alg);
      if (check !== undefined) return this.verifySigned(token, jws, check, this.own, now, undefined) as T;
      if (this.remoteKeys === undefined) throw new JwtTokenError('key_unknown');
      return this.verifyWithRemoteKey(token, jws, this.own, now, undefined) as Promise<T | JwtTokenError>;
    } catch (error) {
      return refusalOf(error);
    }
  }

  /**
   * With `issuers`: the token's `iss`, read from its payload before anything else is done with it,
   * picks the entry whose keys, algorithms, audience and profile verify it. A token of an issuer no
   * entry lists is refused here, before any key is looked up, so it never causes a fetch.
   */
  private verifyFromIssuer(
    token: string,
    jws: CompactJws,
    now: number,
  ): MaybePromise<VerifiedClaims | JwtTokenError> {
    // JSON.parse() made it, so every value is JSON: the claims' read-only JSON type fits.
    const claims = decodeJsonObject(jws.payloadSegment) as VerifiedClaims | undefined;
    if (claims === undefined) throw new JwtTokenError('payload_not_object');
    const trusted = this.issuerOf(claims.iss);
    if (trusted === undefined) throw new JwtTokenError('issuer_invalid');
    if (!trusted.algorithms.includes(jws.alg)) throw new JwtTokenError('algorithm_not_allowed');
    const check = trusted.localKeys.find(jws.kid, jws.alg);
    if (check !== undefined) return this.verifySigned(token, jws, check, trusted, now, claims);
    if (trusted.remoteKeys === undefined) throw new JwtTokenError('key_unknown');
    return this.verifyWithRemoteKey(token, jws, trusted, now, claims);
  }

  // The entry of a token's `iss`: the one that lists it, else the module's own when it takes any.
  private issuerOf(iss: unknown): TrustedIssuer | undefined {
    return this.issuers?.find(iss) ?? this.unlistedIssuer;
  }

  /**
   * The public keys as a JWK Set (RFC 7517 §5), each with its `kid`, `alg` and `use: 'sig'`, for
   * the services that verify this one's tokens. Never a private key or an HMAC secret; keys fetched
   * from `jwksUri` are not republished.
   */
  getJwks(): JsonWebKeySet {
    return { keys: this.options.keys.publicJwks.map((jwk) => ({ ...jwk })) };
  }

  /**
   * The claims of a token WITHOUT verifying it: anyone can forge what this returns. For logging and
   * debugging only, never for a trust decision. `null` when the token cannot be decoded to an object.
   */
  decodeToken<T extends VerifiedClaims = VerifiedClaims>(token: string): T | null {
    try {
      const payload: unknown = this.jwt.decode(token);
      return isJsonObject(payload) ? (payload as T) : null;
    } catch {
      return null;
    }
  }

  /** Stops the key and discovery fetches in flight when the application shuts down. */
  onModuleDestroy(): void {
    this.remoteKeys?.close();
    for (const entry of this.trusted) if (entry !== this.own) entry.remoteKeys?.close();
  }

  /** Refuses, before any signature work, what is too large, badly shaped or asks for what we never allow. */
  private checkShape(token: unknown): CompactJws {
    if (typeof token !== 'string') throw new JwtTokenError('malformed');
    if (token.length > this.options.maxTokenLength) throw new JwtTokenError('too_large');
    if (!COMPACT_JWS.test(token)) throw new JwtTokenError('malformed');
    const headerEnd = token.indexOf('.');
    const payloadEnd = token.indexOf('.', headerEnd + 1);
    const headerSegment = token.slice(0, headerEnd);
    let header = this.headers.get(headerSegment);
    if (header === undefined) {
      header = this.checkHeader(headerSegment);
      if (headerSegment.length <= MEMO_HEADER_LENGTH) {
        if (this.headers.size >= MEMO_HEADERS) this.headers.clear();
        this.headers.set(headerSegment, header);
      }
    }
    return {
      alg: header.alg,
      kid: header.kid,
      atJwt: header.atJwt,
      signingInput: token.slice(0, payloadEnd),
      payloadSegment: token.slice(headerEnd + 1, payloadEnd),
      signatureSegment: token.slice(payloadEnd + 1),
    };
  }

  /** The header's `alg` and `kid`, once it is known to be a JSON object that asks for nothing we never allow. */
  private checkHeader(segment: string): JwsHeader {
    const header = decodeJsonObject(segment);
    if (header === undefined) throw new JwtTokenError('malformed');
    const { alg, kid, typ } = header;
    if (!this.algorithms.includes(alg as never)) throw new JwtTokenError('algorithm_not_allowed');
    for (const name of FORBIDDEN_HEADERS) {
      if (Object.prototype.hasOwnProperty.call(header, name)) throw new JwtTokenError('header_not_allowed');
    }
    if (kid !== undefined && typeof kid !== 'string') throw new JwtTokenError('malformed');
    return {
      alg: alg as JwtAlgorithm,
      kid,
      atJwt: typeof typ === 'string' && ACCESS_TOKEN_TYPES.has(typ.toLowerCase()),
    };
  }

  /**
   * The rest of the checks, once the token's key is known: signature, then claims (as `trusted`
   * requires them); remembered when they pass. `decoded` is the payload when it was read to find
   * the issuer, else it is decoded here, only once the signature is known to be good.
   */
  private verifySigned(
    token: string,
    jws: CompactJws,
    check: JwsSignatureCheck,
    trusted: TrustedIssuer,
    now: number,
    decoded: VerifiedClaims | undefined,
  ): VerifiedClaims {
    this.checkSignature(jws, check);
    // JSON.parse() made it, so every value is JSON: the claims' read-only JSON type fits.
    const claims = decoded ?? (decodeJsonObject(jws.payloadSegment) as VerifiedClaims | undefined);
    if (claims === undefined) throw new JwtTokenError('payload_not_object');
    this.checkClaims(claims, trusted, now);
    if (trusted.profile !== undefined) checkAccessTokenProfile(jws, claims);
    this.tokenCache?.set(token, claims, now);
    return claims;
  }

  /** {@link JwtTokenService.verifySigned} with a fetched key. */
  private async verifyWithRemoteKey(
    token: string,
    jws: CompactJws,
    trusted: TrustedIssuer,
    now: number,
    decoded: VerifiedClaims | undefined,
  ): Promise<VerifiedClaims | JwtTokenError> {
    try {
      return this.verifySigned(token, jws, await this.selectRemoteKey(jws, trusted), trusted, now, decoded);
    } catch (error) {
      return refusalOf(error);
    }
  }

  /**
   * The fetched key the token's header asks for, when no configured key fits it (configured keys
   * are looked up first, synchronously). Either way the key is the one of the token's `kid` (or,
   * without one, the only key) that is meant for its `alg`: a key is never used with another
   * algorithm than its own, so never a public key as an HMAC secret.
   */
  private async selectRemoteKey(jws: CompactJws, trusted: TrustedIssuer): Promise<JwsSignatureCheck> {
    const check = await trusted.remoteKeys?.find(jws.kid, jws.alg);
    if (!check) throw new JwtTokenError('key_unknown');
    return check;
  }

  /** Refuses a signature that is not the key's, or that node:crypto cannot even read. */
  private checkSignature(jws: CompactJws, check: JwsSignatureCheck): void {
    let valid: boolean;
    try {
      valid = check(jws.signingInput, jws.signatureSegment);
    } catch {
      valid = false;
    }
    if (!valid) throw new JwtTokenError('signature_invalid');
  }

  /**
   * Every registered claim (RFC 7519 §4.1, RFC 8725): `exp` required and finite (so 1e999 is not "never"), `nbf` and `iat` finite and not
   * in the future, `iss` and `aud` (or `client_id`) as configured, and no `aud` when none is configured.
   */
  private checkClaims(payload: VerifiedClaims, trusted: TrustedIssuer, now: number): void {
    const { exp, iat, nbf, aud, iss } = payload;
    const { leeway } = this.options;
    const { issuer, audience } = trusted;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new JwtTokenError('expiration_missing');
    if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf)))
      throw new JwtTokenError('claims_invalid');
    if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat)))
      throw new JwtTokenError('claims_invalid');
    if (now >= exp + leeway) throw new JwtTokenError('expired');
    if (nbf !== undefined && nbf > now + leeway) throw new JwtTokenError('not_yet_valid');
    if (iat !== undefined && iat > now + leeway) throw new JwtTokenError('issued_in_future');
    if (issuer !== undefined && iss !== issuer) throw new JwtTokenError('issuer_invalid');
    if (audience === undefined) {
      if (aud !== undefined) throw new JwtTokenError('audience_invalid');
    } else if (trusted.audienceClaim === 'client_id') {
      // Cognito's access tokens name the app client, not the API, and have no `aud` at all.
      const clientId = payload.client_id;
      if (typeof clientId !== 'string' || !audience.includes(clientId))
        throw new JwtTokenError('audience_invalid');
    } else if (!namesAudience(aud, audience)) {
      throw new JwtTokenError('audience_invalid');
    }
  }
}

/**
 * RFC 9068 §2 and §4: the header's `typ` says an access token (so an ID token of the same issuer is
 * refused), and the claims the profile requires are there, of their types. `iss`, `exp` and `aud`
 * have already been checked against the configuration; only their presence is checked here.
 */
function checkAccessTokenProfile(jws: JwsHeader, claims: VerifiedClaims): void {
  if (!jws.atJwt) throw new JwtTokenError('token_type_invalid');
  const { iss, aud, sub, client_id: clientId, iat, jti } = claims;
  if (
    typeof iss !== 'string' ||
    aud === undefined ||
    typeof sub !== 'string' ||
    typeof clientId !== 'string' ||
    typeof iat !== 'number' ||
    typeof jti !== 'string'
  ) {
    throw new JwtTokenError('claims_invalid');
  }
}

// Whether the token's `aud` (a string or an array of them) names one of the configured audiences.
function namesAudience(aud: unknown, audience: string | readonly string[]): boolean {
  const accepted = typeof audience === 'string' ? [audience] : audience;
  if (typeof aud === 'string') return accepted.includes(aud);
  return Array.isArray(aud) && aud.some((value) => typeof value === 'string' && accepted.includes(value));
}
