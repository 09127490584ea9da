import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule, type JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { LocalController, NotesController } from './notes.controller';

export const SECRET = 'openapi-scenario-secret-of-64-bytes-for-hs512-0123456789abcdefghi';

/** The notes API behind JwtAuthModule configured with `options`. */
@Module({})
export class OpenApiAppModule {
  static with(options: Partial<JwtAuthModuleOptions> = {}): DynamicModule {
    return {
      module: OpenApiAppModule,
      imports: [JwtAuthModule.forRoot({ secret: SECRET, ...options })],
      controllers: [options.globalGuard === false ? LocalController : NotesController],
    };
  }
}

/** The same notes API without JwtAuthModule. */
@Module({ controllers: [NotesController] })
export class PlainAppModule {}
