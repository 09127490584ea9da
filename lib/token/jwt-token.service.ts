import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Authenticated, Everyone, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import type { JwtAuthClaims } from '../identity/identity.interface';
import { JwtTokenError, type JwtTokenErrorCode } from './jwt-token.errors';
import { VerifiedTokenCache } from './verified-token.cache';

/** Per-token settings of {@link JwtTokenService.createToken}; each defaults to the module option. */
export interface CreateTokenOptions {
  /** Lifetime of this token, in seconds. */
  expiration?: number;
  /** The audience of this token. */
  audience?: string | string[];
  /** Claims added to this token, after `defaultClaims`. `sub`, `iat`, `exp`, `aud` and `iss` are always the module's. */
  claims?: Record<string, unknown>;
}

// Three non-empty base64url segments: the JWS compact serialization with a signature (RFC 7515 §7.1).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// Header parameters that would make the token pick its own key or change how it is read (RFC 8725 §3.10).
const FORBIDDEN_HEADERS = ['crit', 'jwk', 'jku', 'x5u', 'x5c', 'zip'] as const;

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// jsonwebtoken reports everything as text; these are the texts that reach us with our options.
function codeOfLibraryError(error: unknown): JwtTokenErrorCode {
  const name = (error as Error | undefined)?.name;
  if (name === 'TokenExpiredError') return 'expired';
  if (name === 'NotBeforeError') return 'not_yet_valid';
  const message = String((error as Error | undefined)?.message ?? '');
  if (message === 'invalid signature') return 'signature_invalid';
  if (message === 'invalid algorithm') return 'algorithm_not_allowed';
  if (message.startsWith('jwt audience invalid')) return 'audience_invalid';
  if (message.startsWith('jwt issuer invalid')) return 'issuer_invalid';
  if (message === 'invalid exp value') return 'expiration_missing';
  if (message === 'invalid nbf value') return 'claims_invalid';
  return 'malformed';
}

/**
 * Creates and verifies the application's tokens (pyramid_jwt's `create_jwt_token` and policy),
 * on top of `@nestjs/jwt`. Verification is strict (RFC 8725) whatever the library under it accepts.
 */
@Injectable()
export class JwtTokenService {
  private readonly jwt: JwtService;
  private readonly tokenCache: VerifiedTokenCache | undefined;

  constructor(@Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions) {
    this.jwt = new JwtService({ secret: options.key });
    this.tokenCache = options.tokenCache ? new VerifiedTokenCache(options.tokenCache, options.leeway) : undefined;
  }

  /**
   * A signed token for `principal` (the user id, written as `sub`): the default claims, then
   * `options.claims`, then `sub`, `iat`, `exp`, and `aud` / `iss` when configured.
   */
  async createToken(principal: string, options: CreateTokenOptions = {}): Promise<string> {
    if (typeof principal !== 'string' || principal === '' || principal === Everyone || principal === Authenticated) {
      throw new TypeError('createToken(): the principal must be a non-empty user id that is not a system principal.');
    }
    const expiration = options.expiration ?? this.options.expiration;
    if (typeof expiration !== 'number' || !Number.isFinite(expiration) || expiration <= 0) {
      throw new RangeError('createToken(): "expiration" must be a positive, finite number of seconds.');
    }
    const iat = Math.floor(this.options.clock() / 1000);
    const audience = options.audience ?? this.options.audience;
    const payload: Record<string, unknown> = {
      ...this.options.defaultClaims,
      ...options.claims,
      sub: principal,
      iat,
      exp: iat + Math.floor(expiration),
    };
    if (audience !== undefined) payload.aud = audience;
    else delete payload.aud;
    if (this.options.issuer !== undefined) payload.iss = this.options.issuer;
    else delete payload.iss;
    return this.jwt.sign(payload, { algorithm: this.options.algorithm });
  }

  /**
   * The claims of a token that passes every check, or a {@link JwtTokenError} whose `code` says why
   * not. It never throws anything else, whatever the input.
   */
  async verifyToken<T extends JwtAuthClaims = JwtAuthClaims>(token: string): Promise<T> {
    const now = Math.floor(this.options.clock() / 1000);
    this.tokenCache?.useKeyGeneration(this.keyGeneration());
    const cached = this.tokenCache?.get(token, now);
    if (cached !== undefined) return cached as T;
    this.checkShape(token);
    let payload: unknown;
    try {
      payload = this.jwt.verify(token, {
        algorithms: [...this.options.algorithms],
        audience: this.options.audience as string | [string, ...string[]] | undefined,
        issuer: this.options.issuer,
        clockTimestamp: now,
        clockTolerance: this.options.leeway,
      });
    } catch (error) {
      throw new JwtTokenError(codeOfLibraryError(error));
    }
    this.checkClaims(payload, now);
    this.tokenCache?.set(token, payload, now);
    return payload as T;
  }

  /**
   * The identity of the keys tokens are verified with: when it changes, every remembered
   * verification is dropped. Key rotation (a key set with a generation) plugs in here.
   */
  protected keyGeneration(): unknown {
    return this.options.key;
  }

  /**
   * The claims of a token WITHOUT verifying it: anyone can forge what this returns. For logging and
   * debugging only, never for a trust decision. `null` when the token cannot be decoded to an object.
   */
  decodeToken<T extends JwtAuthClaims = JwtAuthClaims>(token: string): T | null {
    try {
      const payload: unknown = this.jwt.decode(token);
      return isJsonObject(payload) ? (payload as T) : null;
    } catch {
      return null;
    }
  }

  /** Refuses, before any signature work, what is too large, badly shaped or asks for what we never allow. */
  private checkShape(token: unknown): void {
    if (typeof token !== 'string') throw new JwtTokenError('malformed');
    if (token.length > this.options.maxTokenLength) throw new JwtTokenError('too_large');
    if (!COMPACT_JWS.test(token)) throw new JwtTokenError('malformed');
    let header: unknown;
    try {
      header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
    } catch {
      throw new JwtTokenError('malformed');
    }
    if (!isJsonObject(header)) throw new JwtTokenError('malformed');
    if (!this.options.algorithms.includes(header.alg as never)) throw new JwtTokenError('algorithm_not_allowed');
    for (const name of FORBIDDEN_HEADERS) {
      if (Object.prototype.hasOwnProperty.call(header, name)) throw new JwtTokenError('header_not_allowed');
    }
  }

  /** What `jsonwebtoken` lets through and a JWT verifier must not (RFC 7519, RFC 8725). */
  private checkClaims(payload: unknown, now: number): asserts payload is JwtAuthClaims {
    if (!isJsonObject(payload)) throw new JwtTokenError('payload_not_object');
    const { exp, iat, nbf, aud } = payload;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new JwtTokenError('expiration_missing');
    if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) throw new JwtTokenError('claims_invalid');
    if (iat !== undefined) {
      if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new JwtTokenError('claims_invalid');
      if (iat > now + this.options.leeway) throw new JwtTokenError('issued_in_future');
    }
    if (aud !== undefined && this.options.audience === undefined) throw new JwtTokenError('audience_invalid');
  }
}
