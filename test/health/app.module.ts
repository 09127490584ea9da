import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { JwtAuthModule, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import { HealthController } from './health.controller';

/** The health module of the scenario: terminus, and the controller that lists the library's checks. */
@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] })
export class HealthModule {}

/** The scenario app: JwtAuthModule as `options` say, and a health module of its own, as apps have. */
@Module({})
export class HealthAppModule {
  static with(options: JwtAuthOptions): DynamicModule {
    return { module: HealthAppModule, imports: [JwtAuthModule.forRoot(options), HealthModule] };
  }
}
