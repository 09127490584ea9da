import { Module, type DynamicModule } from '@nestjs/common';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { EventsGateway } from './events.gateway';

/** A gateway behind the global guard; browsers of the `ws` adapter may put the token in the query. */
@Module({})
export class WebsocketsAppModule {
  static on(clock: TestClock): DynamicModule {
    return {
      module: WebsocketsAppModule,
      imports: [jwtAuthModuleForTest(clock, { wsQueryParam: 'access_token' })],
      providers: [EventsGateway],
    };
  }
}
