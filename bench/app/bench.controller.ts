import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticatedUserId, JwtAuthGuard, Permission, Public } from 'nestjs-jwt-permissions';
import { AllowAllGuard } from './allow-all.guard';
import { BENCH_GROUP } from './bench-secret';
import { DocsAuthGuard } from './docs-auth.guard';
import { HeaderOnlyGuard } from './header-only.guard';
import { TimedHeaderOnlyGuard, TimedJwtAuthGuard } from './timed.guards';

/** One route per setup measured; each answers the same small JSON body. */
@Controller()
export class BenchController {
  /** No guard at all: the baseline. */
  @Get('public')
  open(): { userId: string | null } {
    return { userId: null };
  }

  /** Nest's own cost of a guarded route with request data: a guard that does nothing, and the same parameter decorator. */
  @Get('allow-all')
  @UseGuards(AllowAllGuard)
  allowAll(@AuthenticatedUserId() userId: string | null): { userId: string | null } {
    return { userId };
  }

  /** A guard that only reads the token header, with the same parameter decorator: any JWT guard's floor. */
  @Get('header-only')
  @UseGuards(HeaderOnlyGuard)
  headerOnly(@AuthenticatedUserId() userId: string | null): { userId: string | null } {
    return { userId };
  }

  /** JwtAuthGuard on a @Public() route, called without a token. */
  @Get('public-guarded')
  @UseGuards(JwtAuthGuard)
  @Public()
  openThroughGuard(@AuthenticatedUserId() userId: string | null): { userId: string | null } {
    return { userId };
  }

  /** The full guard: token, GroupFinder, principals, permission, request data. */
  @Get('protected')
  @UseGuards(JwtAuthGuard)
  @Permission(BENCH_GROUP)
  protectedRoute(@AuthenticatedUserId() userId: string | null): { userId: string | null } {
    return { userId };
  }

  /** `@nestjs/passport` + `passport-jwt`. */
  @Get('passport')
  @UseGuards(AuthGuard('jwt'))
  passport(@Req() request: { user: { userId: string } }): { userId: string | null } {
    return { userId: request.user.userId };
  }

  /** The NestJS docs' hand-written guard. */
  @Get('docs-guard')
  @UseGuards(DocsAuthGuard)
  docsGuard(@Req() request: { user: { sub: string } }): { userId: string | null } {
    return { userId: request.user.sub };
  }

  // Last, so that Express matches the routes above as before. The guards timed inside the server,
  // each class served by a server process of its own (see http.bench.ts).

  /** The full guard, timed. */
  @Get('protected-timed')
  @UseGuards(TimedJwtAuthGuard)
  @Permission(BENCH_GROUP)
  protectedTimed(@AuthenticatedUserId() userId: string | null): { userId: string | null } {
    return { userId };
  }

  /** A guard that only reads the header, timed. */
  @Get('header-timed')
  @UseGuards(TimedHeaderOnlyGuard)
  headerTimed(): { userId: string | null } {
    return { userId: null };
  }
}
