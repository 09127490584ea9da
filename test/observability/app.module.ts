import { Controller, Get, Injectable, Module, Post, Put, Res, type DynamicModule } from '@nestjs/common';
import {
  Allow,
  CookieAuthService,
  GroupFinder,
  JwtAuthModule,
  Permission,
  Public,
  userPrincipal,
  type Acl,
  type JwtAuthOptions,
  type ResourceLoader,
} from 'nestjs-jwt-permissions';

/** 64 bytes: what HS512 needs. */
export const SECRET = 'observability-scenario-secret-'.padEnd(64, 'x');

/** A note only its owner may edit; logs describe it by its `toString()`. */
export class Note {
  constructor(
    readonly id: string,
    readonly owner: string,
  ) {}

  __acl__(): Acl {
    return [[Allow, userPrincipal(this.owner), 'edit']];
  }

  toString(): string {
    return `Note ${this.id}`;
  }
}

/** Every note belongs to alice. */
@Injectable()
export class NoteResource implements ResourceLoader<Note> {
  load(request: { params: { id: string } }): Note {
    return new Note(request.params.id, 'alice');
  }
}

/** `alice` and `bob` are users; anyone else is unknown. */
@Injectable()
export class KnownUsers extends GroupFinder {
  findGroups(userId: string): string[] | null {
    return userId === 'alice' || userId === 'bob' ? ['staff'] : null;
  }
}

@Controller()
export class ObservedController {
  constructor(private readonly cookies: CookieAuthService) {}

  @Get('open')
  @Public()
  open(): string {
    return 'open';
  }

  @Get('me')
  me(): string {
    return 'me';
  }

  @Put('notes/:id')
  @Permission('edit', { resource: NoteResource })
  edit(): string {
    return 'edited';
  }

  /** Logs alice in with a cookie (cookie mode only). */
  @Post('login')
  @Public()
  async login(@Res({ passthrough: true }) response: object): Promise<{ csrfToken?: string }> {
    const { csrfToken } = await this.cookies.remember(response, 'alice');
    return { csrfToken };
  }

  @Post('notes')
  create(): string {
    return 'created';
  }
}

/** The scenario's application, with the module options and extra imports a test needs. */
@Module({})
export class ObservabilityAppModule {
  static register(
    options: JwtAuthOptions = {},
    imports: DynamicModule['imports'] = [],
    providers: DynamicModule['providers'] = [],
  ): DynamicModule {
    return {
      module: ObservabilityAppModule,
      imports: [...imports, JwtAuthModule.forRoot({ secret: SECRET, groupFinder: KnownUsers, ...options })],
      controllers: [ObservedController],
      providers: [NoteResource, ...providers],
    };
  }
}
