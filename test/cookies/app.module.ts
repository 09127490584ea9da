import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { GroupFinder, JwtAuthModule, type JwtAuthOptions } from 'nestjs-jwt-permissions';
import { CookieLoginController, MeController, NoteResource, PublicController } from './cookies.controller';

/** 64 bytes: what HS512 needs. */
export const TEST_SECRET = 'cookie-scenario-secret-'.padEnd(64, 'x');

/** The users the scenario knows; a test disables one to see the GroupFinder refuse them. */
@Injectable()
export class UserDirectory {
  readonly disabled = new Set<string>();
}

@Module({ providers: [UserDirectory], exports: [UserDirectory] })
export class UserDirectoryModule {}

/** `admin` is in the group `admin`; a disabled user is refused (`null`). */
@Injectable()
export class DirectoryGroupFinder extends GroupFinder {
  constructor(private readonly directory: UserDirectory) {
    super();
  }

  findGroups(userId: string): string[] | null {
    if (this.directory.disabled.has(userId)) return null;
    return userId === 'admin' ? ['admin'] : [];
  }
}

const controllers = [CookieLoginController, MeController, PublicController];

/** The cookie scenario's application, with the module options each test needs. */
@Module({})
export class CookiesAppModule {
  static register(options: JwtAuthOptions): DynamicModule {
    return {
      module: CookiesAppModule,
      imports: [
        UserDirectoryModule,
        JwtAuthModule.forRoot({
          secret: TEST_SECRET,
          ...options,
          groupFinder: DirectoryGroupFinder,
          imports: [UserDirectoryModule],
        }),
      ],
      controllers,
      providers: [NoteResource],
    };
  }

  /** The same application configured through `forRootAsync`, as apps reading a ConfigService do. */
  static registerAsync(options: JwtAuthOptions): DynamicModule {
    return {
      module: CookiesAppModule,
      imports: [
        UserDirectoryModule,
        JwtAuthModule.forRootAsync({
          useFactory: async () => ({ secret: TEST_SECRET, ...options }),
          groupFinder: DirectoryGroupFinder,
          imports: [UserDirectoryModule],
        }),
      ],
      controllers,
      providers: [NoteResource],
    };
  }
}
