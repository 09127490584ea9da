import type { DynamicModule, INestApplication, Type, WebSocketAdapter } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WsAdapter } from '@nestjs/platform-ws';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { JwtTokenService, type JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import type { Platform } from '../support/platforms';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { WebsocketsAppModule } from './app.module';
import { connectSocketIo, connectWs, type TestSocket, type TokenPlacement } from './socket-clients';

/** How a connection ended, as `TestSocket.closed` reports it. */
type Closed = Awaited<TestSocket['closed']>;

/** A NestJS socket adapter, with how a client of it connects and sees the server end it. */
export interface SocketAdapter {
  /** The adapter's name, for `describe.each` titles (`$name`). */
  readonly name: string;
  /** A new adapter for `app`. */
  readonly createAdapter: (app: INestApplication) => WebSocketAdapter;
  /** Connects a client to `port`, with `token` where `placement` says (the `Authorization` header by default). */
  readonly connect: (port: number, token?: string, placement?: TokenPlacement) => Promise<TestSocket>;
  /** Where a browser, which cannot set headers on a socket, puts its token. */
  readonly browserPlacement: TokenPlacement;
  /** How the client sees the server end a connection whose credentials were refused with `code`. */
  readonly closedForBadCredentials: (code: string) => Closed;
}

/** The socket adapters every WebSockets scenario runs on. */
export const SOCKET_ADAPTERS: readonly SocketAdapter[] = [
  {
    name: 'ws',
    createAdapter: (app) => new WsAdapter(app),
    connect: connectWs,
    browserPlacement: 'query',
    // WS_CLOSE_UNAUTHORIZED written out, so that the specs pin the code clients actually receive.
    closedForBadCredentials: (code) => ({ code: 4401, reason: code }),
  },
  {
    name: 'socket.io',
    createAdapter: (app) => new IoAdapter(app),
    connect: connectSocketIo,
    browserPlacement: 'auth',
    // socket.io tells its client no reason, only that the server disconnected it.
    closedForBadCredentials: () => ({ reason: 'io server disconnect' }),
  },
];

/** The HTTP adapter each platform's socket server is attached to. */
const HTTP_ADAPTERS = {
  express: () => new ExpressAdapter(),
  fastify: () => new FastifyAdapter(),
} satisfies Record<Platform, () => unknown>;

/**
 * Compiles `module` and makes its application on `platform`, with `socketAdapter`, not yet
 * listening: `app.listen()` starts it (and closing it is the caller's job, even when that fails).
 */
export async function createSocketApp(
  module: DynamicModule,
  platform: Platform,
  socketAdapter: SocketAdapter,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication(HTTP_ADAPTERS[platform](), { logger: false });
  app.useWebSocketAdapter(socketAdapter.createAdapter(app));
  return app;
}

/** The application `useSocketApp` runs for one `describe`; read its fields from `beforeAll` on. */
export interface SocketApp {
  readonly app: INestApplication;
  /** The port the application listens on, on 127.0.0.1. */
  readonly port: number;
  /** The scenario's tokens, issued by the application. */
  readonly tokens: TestTokens;
  /** The application's clock. */
  readonly clock: TestClock;
  /** Connects a client (closed after the test), with `token` where `placement` says: the header by default. */
  readonly connect: (token?: string, placement?: TokenPlacement) => Promise<TestSocket>;
}

/**
 * Registers, in the calling `describe`, the hooks that start `WebsocketsAppModule` with `gateway`
 * (and `JwtAuthModule` with `moduleOptions`) on `platform` and `socketAdapter` before its tests,
 * close the clients each test opened, and close the application after them.
 */
export function useSocketApp(options: {
  platform: Platform;
  socketAdapter: SocketAdapter;
  gateway?: Type;
  moduleOptions?: JwtAuthModuleOptions;
  /** The application's module for the scenario's clock, instead of `WebsocketsAppModule` with `gateway`. */
  module?: (clock: TestClock) => DynamicModule;
}): SocketApp {
  const { platform, socketAdapter, gateway, moduleOptions, module } = options;
  const clock = new TestClock();
  const opened: TestSocket[] = [];
  let app: INestApplication;
  let port: number;
  let tokens: TestTokens;

  beforeAll(async () => {
    app = await createSocketApp(
      module ? module(clock) : WebsocketsAppModule.on(clock, gateway, moduleOptions),
      platform,
      socketAdapter,
    );
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });

  afterEach(() => {
    for (const socket of opened.splice(0)) socket.close();
  });

  afterAll(async () => {
    await app?.close();
  });

  return {
    // Getters: the hooks set these after the describe has taken the handle.
    get app() {
      return app;
    },
    get port() {
      return port;
    },
    get tokens() {
      return tokens;
    },
    clock,
    connect: async (token, placement = 'header') => {
      const socket = await socketAdapter.connect(port, token, placement);
      opened.push(socket);
      return socket;
    },
  };
}
