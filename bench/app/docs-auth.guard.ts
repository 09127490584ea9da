import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { BENCH_SECRET } from './bench-secret';

/**
 * The guard the NestJS authentication docs have applications write by hand: the bearer token from
 * the Authorization header, `JwtService.verifyAsync()` with the string secret, the payload as
 * `request.user`.
 */
@Injectable()
export class DocsAuthGuard implements CanActivate {
  constructor(private readonly jwtService: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const [type, token] = (request.headers.authorization as string | undefined)?.split(' ') ?? [];
    if (type !== 'Bearer' || !token) throw new UnauthorizedException();
    try {
      request.user = await this.jwtService.verifyAsync(token, { secret: BENCH_SECRET });
    } catch {
      throw new UnauthorizedException();
    }
    return true;
  }
}
