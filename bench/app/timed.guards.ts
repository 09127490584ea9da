import { performance } from 'node:perf_hooks';
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import {
  JwtAuthGuard,
  type VerifiedClaims,
  type JwtTokenError,
  type MaybePromise,
} from 'nestjs-jwt-permissions';

/** Time spent in one guard's canActivate(), or in one of its steps, while the server answers requests. */
export class GuardTimer {
  calls = 0;
  milliseconds = 0;

  /** `activate()`, timed. Only its synchronous part: every timed route answers without waiting. */
  time<T>(activate: () => T): T {
    const start = performance.now();
    try {
      return activate();
    } finally {
      this.milliseconds += performance.now() - start;
      this.calls++;
    }
  }

  /** µs per call since the last read, and starts afresh. */
  read(): number {
    const microseconds = (this.milliseconds * 1000) / this.calls;
    this.calls = 0;
    this.milliseconds = 0;
    return microseconds;
  }
}

/**
 * The timers of the guards below, read by the server process: the guard's cost inside a running
 * server, where its code and data compete with the framework's for the CPU's caches, unlike in the
 * guard section's loop.
 */
export const guardTimers = {
  /** The full guard, as on the protected route. */
  full: new GuardTimer(),
  /** Its verification step, inside it (a token cache hit): the rest is the guard's own cost. */
  verification: new GuardTimer(),
  /** A guard that only reads the Authorization header: the least any JWT guard does. */
  headerOnly: new GuardTimer(),
};

/**
 * JwtAuthGuard, timed as a whole and in its verification step: what an application overriding
 * the guard's steps would write. Served alone by a server process of its own, so that no other
 * guard class shares its code's inline caches.
 */
@Injectable()
export class TimedJwtAuthGuard extends JwtAuthGuard {
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return guardTimers.full.time(() => super.canActivate(context));
  }

  protected override verifyToken(token: string): MaybePromise<VerifiedClaims | JwtTokenError> {
    return guardTimers.verification.time(() => super.verifyToken(token));
  }
}

/** A guard that only checks a bearer Authorization header is there, timed: a floor for comparison. */
@Injectable()
export class TimedHeaderOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return guardTimers.headerOnly.time(() => {
      const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
      const authorization = request.headers.authorization;
      if (typeof authorization !== 'string' || !authorization.startsWith('Bearer '))
        throw new UnauthorizedException();
      return true;
    });
  }
}
