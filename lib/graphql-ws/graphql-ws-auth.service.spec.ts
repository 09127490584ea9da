import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { EventEmitter } from 'node:events';
import type { GraphqlWsConnection } from '../credentials/graphql-ws.transport';
import type { GroupFinder } from '../identity/group-finder.interface';
import { JwtAuthModule } from '../jwt-auth.module';
import { JwtAuthEvents } from '../observability/jwt-auth-events.service';
import type { JwtAuthEventMap } from '../observability/jwt-auth.events';
import { RevocationState } from '../sessions/revocation.state';
import { SessionService } from '../sessions/session.service';
import { SessionStore } from '../sessions/session.store';
import { JwtTokenService } from '../token/jwt-token.service';
import { CuttableSessionStore } from '../../test/support/cuttable-session.store';
import type { GraphqlWsAuthHooks } from './graphql-ws-auth.service';
import { GraphqlWsAuthService } from './graphql-ws-auth.service';

const SECRET = 'a-64-byte-secret-for-hs512-tokens-in-tests-0123456789abcdefghijk';
const START = Date.UTC(2026, 0, 1);

@Injectable()
class Users implements GroupFinder {
  findGroups(userId: string) {
    return userId === 'mallory' ? null : [];
  }
}

/** A `ws` socket as far as the hooks use it: it records how it was closed, and emits `close`. */
class FakeSocket extends EventEmitter {
  readyState = 1;
  readonly closed: Array<[number, string]> = [];
  send(): void {}
  close(code: number, reason: string): void {
    if (this.readyState !== 1) return;
    this.readyState = 2;
    this.closed.push([code, reason]);
    // `ws` emits close once the closing handshake ends; the registry forgets the socket then.
    setImmediate(() => {
      this.readyState = 3;
      this.emit('close', code, reason);
    });
  }
}

/** A `graphql-ws` connection context after `connection_init`, as `graphql-ws/use/ws` makes it. */
function connectionWith(token: string, socket: object = new FakeSocket()) {
  const connection = {
    connectionParams: { authorization: `Bearer ${token}` },
    connectionInitReceived: true,
    acknowledged: false,
    subscriptions: {},
    extra: { socket, request: { headers: {} } },
  } satisfies GraphqlWsConnection;
  return { connection, socket };
}

describe('GraphqlWsAuthService', () => {
  let moduleRef: TestingModule;
  let hooks: GraphqlWsAuthHooks;
  let sessions: SessionService;
  let store: CuttableSessionStore;
  let now: number;

  beforeEach(async () => {
    now = START;
    moduleRef = await Test.createTestingModule({
      imports: [
        JwtAuthModule.forRoot({
          secret: SECRET,
          clock: () => now,
          groupFinder: Users,
          sessionStore: CuttableSessionStore,
          sessions: { maxStaleness: 30 },
        }),
      ],
    }).compile();
    await moduleRef.init();
    hooks = moduleRef.get(GraphqlWsAuthService).hooks();
    sessions = moduleRef.get(SessionService);
    store = moduleRef.get<CuttableSessionStore>(SessionStore);
  });

  afterEach(async () => {
    await moduleRef.close();
  });

  async function connected(userId = 'alice') {
    const pair = await sessions.open(userId);
    const { connection, socket } = connectionWith(pair.accessToken);
    await expect(hooks.onConnect(connection)).resolves.toBe(true);
    return { pair, connection, socket: socket as FakeSocket };
  }

  describe('revocation, while the connection waits for events', () => {
    it('closes the socket with 4401 (token_revoked) as soon as its session is revoked', async () => {
      const { pair, socket } = await connected();
      await sessions.revokeSession(pair.sessionId);
      expect(socket.closed).toEqual([[4401, 'token_revoked']]);
    });

    it('closes it as soon as its user is revoked', async () => {
      const { socket } = await connected();
      await sessions.revokeUser('alice');
      expect(socket.closed).toEqual([[4401, 'token_revoked']]);
    });

    it('closes it as soon as its token is revoked by jti', async () => {
      const { pair, socket } = await connected();
      await sessions.revokeToken(pair.accessToken);
      expect(socket.closed).toEqual([[4401, 'token_revoked']]);
    });

    it("leaves it open when another user's session is revoked", async () => {
      const { socket } = await connected('alice');
      const other = await sessions.open('bob');
      await sessions.revokeSession(other.sessionId);
      await sessions.revokeUser('carol');
      expect(socket.closed).toEqual([]);
    });

    it('follows only the connections it acknowledged', async () => {
      const revocations = moduleRef.get(RevocationState);
      const refused = connectionWith((await sessions.open('mallory')).accessToken);
      await expect(hooks.onConnect(refused.connection)).resolves.toBe(false);
      expect(revocations['connections'].size).toBe(0);
      const { socket } = await connected();
      expect(revocations['connections'].size).toBe(1);
      socket.close(1000, 'bye');
      await new Promise((resolve) => setImmediate(resolve));
      expect(revocations['connections'].size).toBe(0);
    });
  });

  describe('onNext, before each event', () => {
    it('closes a connection whose token was revoked with 4401, when the revocation could not close it (no ws socket to follow)', async () => {
      const pair = await sessions.open('alice');
      // A socket that cannot be followed (no `once`), as under another server: only the per-event check sees the revocation.
      const socket = {
        readyState: 1,
        closed: [] as unknown[][],
        close: (...args: unknown[]) => socket.closed.push(args),
      };
      const { connection } = connectionWith(pair.accessToken, socket);
      await expect(hooks.onConnect(connection)).resolves.toBe(true);
      await sessions.revokeSession(pair.sessionId);
      expect(socket.closed).toEqual([]);
      await hooks.onNext(connection);
      expect(socket.closed).toEqual([[4401, 'token_revoked']]);
    });
  });

  describe.each(['onSubscribe', 'onNext'] as const)('%s', (hook) => {
    it('closes with 4401 (token_expired) a connection whose token has expired', async () => {
      const token = await moduleRef.get(JwtTokenService).createToken('alice', { expiration: 60 });
      const { connection, socket } = connectionWith(token);
      await hooks.onConnect(connection);
      await hooks[hook](connection);
      expect((socket as FakeSocket).closed).toEqual([]);
      now += 61_000;
      await hooks[hook](connection);
      expect((socket as FakeSocket).closed).toEqual([[4401, 'token_expired']]);
    });

    it.each([
      ['keeps the connection open', 30_000, []],
      [
        'closes the connection with 1013 (session_store_unavailable)',
        30_001,
        [[1013, 'session_store_unavailable']],
      ],
    ])(
      '%s when the revocation feed has been cut for %d ms (maxStaleness: 30 s)',
      async (_, cutFor, closes) => {
        const { connection, socket } = await connected();
        store.cut();
        now += cutFor;
        await hooks[hook](connection);
        expect(socket.closed).toEqual(closes);
      },
    );
  });

  describe('events', () => {
    type Heard = [keyof JwtAuthEventMap, unknown];
    const connectionCall = { transport: 'graphql', handler: '(connection)', route: undefined };

    function listen(): Heard[] {
      const heard: Heard[] = [];
      const events = moduleRef.get(JwtAuthEvents);
      for (const name of ['authenticated', 'refused', 'permissionDenied'] as const)
        events.on(name, (event) => heard.push([name, event]));
      return heard;
    }

    it('emits authenticated for the connection at connection_init', async () => {
      const heard = listen();
      await connected('alice');
      expect(heard).toEqual([
        ['authenticated', expect.objectContaining({ ...connectionCall, userId: 'alice' })],
      ]);
    });

    it('emits refused with the code at a refused connection_init', async () => {
      const heard = listen();
      const { connection } = connectionWith((await sessions.open('mallory')).accessToken);
      await expect(hooks.onConnect(connection)).resolves.toBe(false);
      expect(heard).toEqual([
        [
          'refused',
          { ...connectionCall, code: 'user_unknown', userId: null, required: ['system.Authenticated'] },
        ],
      ]);
    });

    it('emits permissionDenied, then refused naming the connectionPermission, for a user without it', async () => {
      const heard = listen();
      const withPermission = moduleRef.get(GraphqlWsAuthService).hooks({ connectionPermission: 'admin' });
      const { connection } = connectionWith((await sessions.open('alice')).accessToken);
      await expect(withPermission.onConnect(connection)).resolves.toBe(false);
      expect(heard.map(([name]) => name)).toEqual(['authenticated', 'permissionDenied', 'refused']);
      expect(heard[1][1]).toEqual(
        expect.objectContaining({
          ...connectionCall,
          permission: 'admin',
          ace: undefined,
          resource: undefined,
        }),
      );
      expect(heard[2][1]).toEqual(
        expect.objectContaining({ code: 'permission_denied', required: ['admin'] }),
      );
    });

    it('emits refused once from onNext, when it closes the connection, and none from onSubscribe', async () => {
      const token = await moduleRef.get(JwtTokenService).createToken('alice', { expiration: 60 });
      const first = connectionWith(token);
      const second = connectionWith(token);
      await hooks.onConnect(first.connection);
      await hooks.onConnect(second.connection);
      const heard = listen();
      now += 61_000;
      await hooks.onSubscribe(first.connection);
      await hooks.onNext(second.connection);
      await hooks.onNext(second.connection);
      expect(heard).toEqual([
        [
          'refused',
          { ...connectionCall, code: 'token_expired', userId: null, required: ['system.Authenticated'] },
        ],
      ]);
      expect((first.socket as FakeSocket).closed).toEqual([[4401, 'token_expired']]);
    });
  });

  it('refuses a connection_init with 1013 (session_store_unavailable) while the feed has been cut longer than maxStaleness', async () => {
    const pair = await sessions.open('alice');
    store.cut();
    now += 30_001;
    const { connection, socket } = connectionWith(pair.accessToken);
    await expect(hooks.onConnect(connection)).resolves.toBe(false);
    expect((socket as FakeSocket).closed).toEqual([[1013, 'session_store_unavailable']]);
  });
});
