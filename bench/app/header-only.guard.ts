import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

/**
 * A guard that reads the token header and lets the request through: the least any JWT guard does
 * on Nest, so the distance from it to JwtAuthGuard is the library's own share of a protected request.
 */
@Injectable()
export class HeaderOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { authorization } = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown> }>().headers;
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer '))
      throw new UnauthorizedException();
    return true;
  }
}
