import type { INestApplication, LoggerService } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import {
  JwtTokenService,
  type GraphqlWsAuthOptions,
  type JwtAuthModuleOptions,
} from 'nestjs-jwt-permissions';
import type { GraphqlDriver } from '../support/graphql-drivers';
import type { Platform } from '../support/platforms';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { SubscriptionsAppModule } from './app.module';
import { NoteEvents } from './note-events';
import { connectGraphqlWs, until } from './subscription-client';

/** What the application logged at the levels that report failures. */
export class RecordingLogger implements LoggerService {
  readonly failures: unknown[][] = [];
  log(): void {}
  warn(): void {}
  error(...args: unknown[]): void {
    this.failures.push(args);
  }
  fatal(...args: unknown[]): void {
    this.failures.push(args);
  }
}

/** The application `useSubscriptionsApp` runs for one `describe`; read its fields from `beforeAll` on. */
export interface SubscriptionsApp {
  readonly app: INestApplication;
  readonly tokens: TestTokens;
  readonly clock: TestClock;
  readonly events: NoteEvents;
  readonly logger: RecordingLogger;
  /** A `graphql-ws` client (disposed after the test): see {@link connectGraphqlWs}. */
  readonly connect: (connectionParams?: Record<string, unknown>, headers?: Record<string, string>) => Client;
}

/**
 * Registers, in the calling `describe`, the hooks that start `SubscriptionsAppModule` on
 * `platform`, listening on a free loopback port, dispose of the clients each test made, and close
 * the application after the tests.
 */
export function useSubscriptionsApp(options: {
  platform: Platform;
  /** The GraphQL driver, Apollo unless told; Mercurius needs `hooks: false` and the Fastify platform. */
  driver?: GraphqlDriver;
  hooks?: GraphqlWsAuthOptions | false;
  /** `JwtAuthModule`'s options, or a function read when the application starts (a Redis URL known only then). */
  moduleOptions?: JwtAuthModuleOptions | (() => JwtAuthModuleOptions);
}): SubscriptionsApp {
  const clock = new TestClock();
  const logger = new RecordingLogger();
  const clients: Client[] = [];
  let app: INestApplication;
  let port: number;
  let tokens: TestTokens;

  beforeAll(async () => {
    const moduleOptions =
      typeof options.moduleOptions === 'function' ? options.moduleOptions() : options.moduleOptions;
    const module = SubscriptionsAppModule.on(clock, options.hooks, moduleOptions, options.driver);
    const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
    const adapter = options.platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
    app = moduleRef.createNestApplication(adapter, { logger });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.dispose()));
    // The server ends their subscriptions once it sees the sockets close: wait, so that the next
    // test counts only its own.
    await until(() => app.get(NoteEvents).idle());
  });

  afterAll(async () => {
    await app?.close();
  });

  return {
    get app() {
      return app;
    },
    get tokens() {
      return tokens;
    },
    get events() {
      return app.get(NoteEvents);
    },
    clock,
    logger,
    connect: (connectionParams, headers) => {
      const client = connectGraphqlWs(port, connectionParams, headers);
      clients.push(client);
      return client;
    },
  };
}
