import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { AuthenticatedUserId, JwtAuthHealthIndicator, Public } from 'nestjs-jwt-permissions';

/** How old keys in use may be before the JWKS check is down, as the scenario sets it (milliseconds). */
export const HEALTH = { maxKeyAge: 120_000 };

/** A health endpoint as an application writes it, and a protected route that verifies tokens. */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly jwtAuthHealth: JwtAuthHealthIndicator,
  ) {}

  @Public()
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.jwtAuthHealth.isJwksFresh('jwks', { maxKeyAge: HEALTH.maxKeyAge }),
      () => this.jwtAuthHealth.isSessionStoreUp('sessions'),
    ]);
  }

  @Get('whoami')
  whoami(@AuthenticatedUserId() userId: string) {
    return { userId };
  }
}
