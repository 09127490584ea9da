import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JwtAuthModule } from '../jwt-auth.module';
import { MemorySessionStore } from './memory-session.store';
import type { RefreshTokenRecord, SessionRecord } from './session.interface';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';

const SECRET = 's'.repeat(64);

@Injectable()
class SessionsTable {
  readonly opened: string[] = [];
}

@Module({ providers: [SessionsTable], exports: [SessionsTable] })
class DatabaseModule {}

/** An application's own store: it injects its own service. */
@Injectable()
class AppSessionStore extends MemorySessionStore {
  constructor(private readonly table: SessionsTable) {
    super();
  }
  override async createSession(session: SessionRecord, token: RefreshTokenRecord): Promise<void> {
    this.table.opened.push(session.sid);
    return super.createSession(session, token);
  }
}

describe('the SessionStore provider', () => {
  it('is the in-memory store by default', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [JwtAuthModule.forRoot({ secret: SECRET, globalGuard: false })],
    }).compile();
    expect(moduleRef.get(SessionStore)).toBeInstanceOf(MemorySessionStore);
  });

  it.each([
    [
      'forRoot',
      () =>
        JwtAuthModule.forRoot({
          secret: SECRET,
          globalGuard: false,
          sessionStore: AppSessionStore,
          imports: [DatabaseModule],
        }),
    ],
    [
      'forRootAsync',
      () =>
        JwtAuthModule.forRootAsync({
          useFactory: () => ({ secret: SECRET }),
          globalGuard: false,
          sessionStore: AppSessionStore,
          imports: [DatabaseModule],
        }),
    ],
  ])(
    "is the application's own class with %s, resolved with its dependencies, and used by SessionService",
    async (_, module) => {
      const moduleRef = await Test.createTestingModule({ imports: [module()] }).compile();
      await moduleRef.init();
      expect(moduleRef.get(SessionStore)).toBeInstanceOf(AppSessionStore);
      const { sessionId } = await moduleRef.get(SessionService).open('alice');
      expect(moduleRef.get(SessionsTable).opened).toEqual([sessionId]);
      await moduleRef.close();
    },
  );
});
