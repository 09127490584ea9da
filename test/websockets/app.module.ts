import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { EventsGateway } from './events.gateway';

/** A gateway behind the global guard; browsers of the `ws` adapter may put the token in the query. */
@Module({})
export class WebsocketsAppModule {
  static on(
    clock: TestClock,
    gateway: Type = EventsGateway,
    options: JwtAuthModuleOptions = {},
  ): DynamicModule {
    return {
      module: WebsocketsAppModule,
      imports: [jwtAuthModuleForTest(clock, { wsQueryParam: 'access_token', ...options })],
      providers: [gateway],
    };
  }
}
