import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { GraphqlAppModule } from '../graphql/app.module';
import type { TestClock } from '../support/transport-test-kit';
import { WebsocketsAppModule } from '../websockets/app.module';

/** The GraphQL scenario's application, with `resolver` (and `providers`) in a feature module of their own. */
@Module({})
export class NoteEditsGraphqlModule {
  static on(clock: TestClock, resolver: Type, providers: Type[] = []): DynamicModule {
    return {
      module: NoteEditsGraphqlModule,
      imports: [GraphqlAppModule.on(clock)],
      providers: [resolver, ...providers],
    };
  }
}

/** The WebSockets scenario's application with `gateway`, and `providers` in the root module. */
@Module({})
export class NoteEditsSocketModule {
  static on(clock: TestClock, gateway: Type, providers: Type[] = []): DynamicModule {
    return {
      module: NoteEditsSocketModule,
      imports: [WebsocketsAppModule.on(clock, gateway)],
      providers,
    };
  }
}

/**
 * The start-up error for `UnprovidedNoteLoader` named by `usedBy` (`Class.method()`, or
 * `the class Class`) in `moduleName`, whatever Nest's reason for not finding it.
 */
export function missingLoaderMessage(usedBy: string, moduleName: string): RegExp {
  const quoted = usedBy.replace(/[.()]/g, '\\$&');
  return new RegExp(
    `^JwtAuthModule: cannot use UnprovidedNoteLoader, the resource loader of ${quoted} \\(.+\\)\\. ` +
      `List it in the providers of ${moduleName}, as a singleton @Injectable\\(\\) with a load\\(\\) method\\.$`,
  );
}
