import { Module, type DynamicModule } from '@nestjs/common';
import { jwtAuthModuleForTest, type TestClock } from '../support/transport-test-kit';
import { NotesController } from './notes.controller';

/** REST routes behind the global guard: the baseline the other transports are held to. */
@Module({})
export class HttpAppModule {
  static on(clock: TestClock): DynamicModule {
    return { module: HttpAppModule, imports: [jwtAuthModuleForTest(clock)], controllers: [NotesController] };
  }
}
