import { Module, type DynamicModule } from '@nestjs/common';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { OrdersController } from './orders.controller';

/** A microservice's message handlers behind the global guard, with no RPC-specific auth code. */
@Module({})
export class MicroservicesAppModule {
  static on(clock: TestClock): DynamicModule {
    return {
      module: MicroservicesAppModule,
      imports: [jwtAuthModuleForTest(clock)],
      controllers: [OrdersController],
    };
  }
}
