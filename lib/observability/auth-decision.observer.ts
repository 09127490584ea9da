import { Injectable, type ExecutionContext } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { describeContext, type AclDecision } from '../authorization/acl-decision.model';
import type { CsrfRefusalCode } from '../refusal/refusal-code.interface';
import { getCallType } from '../credentials/request-context.util';
import type { VerifiedClaims, RequestIdentity } from '../identity/identity.interface';
import type { CallRefusalCode } from '../refusal/refusal-code.interface';
import { JwtTokenError } from '../token/jwt-token.errors';
import { isPromiseLike, type MaybePromise } from '../utils/maybe-promise.util';
import { describeCallOf } from './call-description.util';
import { JwtAuthEvents } from './jwt-auth-events.service';
import { JwtAuthTelemetry } from './jwt-auth.telemetry';

/**
 * What the guard tells of its decisions, as events ({@link JwtAuthEvents}) and OpenTelemetry
 * ({@link JwtAuthTelemetry}). Each method first reads a flag, and returns at once when nobody
 * listens and nothing records: the request path then builds nothing. Internal.
 */
@Injectable()
export class AuthDecisionObserver {
  constructor(
    private readonly events: JwtAuthEvents,
    private readonly telemetry: JwtAuthTelemetry,
  ) {}

  /** An identity was resolved for a call: `authenticated` when it is a user's. */
  identified(identity: RequestIdentity, context: ExecutionContext): void {
    if (identity.userId === null || !this.events.wants('authenticated')) return;
    const claims = identity.claims;
    const { transport, handler, route } = describeCallOf(context);
    // Fields written out rather than spread: V8 builds a spread literal on a slow path.
    this.events.emit('authenticated', {
      transport,
      handler,
      route,
      userId: identity.userId,
      principals: identity.principals,
      issuer: stringClaim(claims, 'iss'),
      tokenId: stringClaim(claims, 'jti'),
      sessionId: stringClaim(claims, 'sid'),
    });
  }

  /** The call may go on. */
  allowed(identity: RequestIdentity, context: ExecutionContext): void {
    if (this.telemetry.enabled)
      this.telemetry.decision('allowed', undefined, getCallType(context), identity.userId);
  }

  /** The call is refused with `code`; `required` are the route's permissions, or the scopes it lacks. */
  refused(
    context: ExecutionContext,
    identity: RequestIdentity,
    code: CallRefusalCode,
    required: readonly string[],
  ): void {
    if (this.telemetry.enabled)
      this.telemetry.decision('refused', code, getCallType(context), identity.userId);
    if (!this.events.wants('refused')) return;
    const { transport, handler, route } = describeCallOf(context);
    this.events.emit('refused', { transport, handler, route, code, userId: identity.userId, required });
  }

  /** A user lacks the route's permission: the last decision of the ACL, on `resource`. */
  permissionDenied(
    context: ExecutionContext,
    identity: RequestIdentity,
    decision: AclDecision | undefined,
    resource: unknown,
  ): void {
    if (identity.userId === null || decision === undefined || !this.events.wants('permissionDenied')) return;
    const { transport, handler, route } = describeCallOf(context);
    this.events.emit('permissionDenied', {
      transport,
      handler,
      route,
      userId: identity.userId,
      principals: identity.principals,
      permission: decision.permission,
      ace: typeof decision.ace === 'string' ? undefined : decision.ace,
      resource: resource === undefined ? undefined : describeContext(resource),
    });
  }

  /** The CSRF proof of a cookie carrying `claims` failed. */
  csrfFailed(code: CsrfRefusalCode, claims: VerifiedClaims, method: unknown): void {
    if (!this.events.wants('csrfFailed')) return;
    this.events.emit('csrfFailed', {
      code,
      userId: stringClaim(claims, 'sub') ?? '',
      method: typeof method === 'string' ? method : undefined,
    });
  }

  /** When a verification starts, for {@link verified}; `0` when verification time is not recorded. */
  verificationStart(): number {
    return this.telemetry.metrics ? performance.now() : 0;
  }

  /** Records the time of a verification started at `started` (see {@link verificationStart}), once it settles. */
  verified<T extends VerifiedClaims | JwtTokenError>(
    claims: MaybePromise<T>,
    started: number,
  ): MaybePromise<T> {
    if (!isPromiseLike(claims)) {
      this.recordVerification(claims, started);
      return claims;
    }
    return Promise.resolve(claims).then((settled) => {
      this.recordVerification(settled, started);
      return settled;
    });
  }

  private recordVerification(claims: VerifiedClaims | JwtTokenError, started: number): void {
    this.telemetry.verification(
      performance.now() - started,
      claims instanceof JwtTokenError ? 'refused' : 'valid',
    );
  }
}

function stringClaim(claims: VerifiedClaims | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' ? value : undefined;
}
