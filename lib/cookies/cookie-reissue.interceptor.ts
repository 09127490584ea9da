import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, type Observable } from 'rxjs';
import { getCallType, getRequest, getResponse } from '../credentials/request-context.util';
import { HandlerCache } from '../utils/handler.cache';
import { NO_REISSUE_METADATA } from './cookie-auth.constants';
import { CookieAuthService } from './cookie-auth.service';
import { cookieAuthenticatedClaims } from './cookie-session.store';

/**
 * Performs the sliding reissue once the handler has run. Registered globally by `JwtAuthModule`
 * when `cookie.reissueTime` is set, and only then.
 *
 * An interceptor, rather than the guard or a platform hook: it runs after the guard (so the
 * GroupFinder has accepted the user), after the handler has decided (`remember`, `forget`,
 * `cancelReissue`), and before Nest writes the response (so headers can still be set), the same
 * way on Express and Fastify. A handler that throws gets no reissue: its answer is an error.
 */
@Injectable()
export class CookieReissueInterceptor implements NestInterceptor {
  // Whether `@NoReissue()` marks the handler or its controller.
  private readonly noReissue = new HandlerCache<boolean>(
    (handler, controller) =>
      this.reflector.getAllAndOverride<boolean | undefined>(NO_REISSUE_METADATA, [handler, controller]) ===
      true,
  );

  constructor(
    private readonly cookieAuth: CookieAuthService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (getCallType(context) !== 'http') return next.handle();
    const request = getRequest(context);
    if (cookieAuthenticatedClaims(request) === undefined || this.isReissueDisabled(context))
      return next.handle();
    const response = getResponse(context) as object;
    return next.handle().pipe(
      concatMap(async (result: unknown) => {
        await this.cookieAuth.reissue(request, response);
        return result;
      }),
    );
  }

  /** Whether `@NoReissue()` marks the handler or its controller; read once per controller and handler. */
  private isReissueDisabled(context: ExecutionContext): boolean {
    return this.noReissue.get(context);
  }
}
