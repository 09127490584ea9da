import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule, type JwtAuthOptions } from '../../lib/index';
import { SessionsController } from './sessions.controller';

/** A secret shared by every instance of the scenario, as instances behind a load balancer share theirs. */
export const SESSIONS_SECRET = 'a-64-byte-secret-shared-by-every-instance-of-the-sessions-test!!';

/** The scenario app: JwtAuthModule with sessions as `options` say (Redis for several instances). */
@Module({})
export class SessionsAppModule {
  static with(options: JwtAuthOptions): DynamicModule {
    return {
      module: SessionsAppModule,
      imports: [JwtAuthModule.forRoot({ secret: SESSIONS_SECRET, ...options })],
      controllers: [SessionsController],
    };
  }
}
