import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Client } from 'graphql-ws';
import { Authenticated, Everyone, GroupFinder, JwtTokenService } from 'nestjs-jwt-permissions';
import type { AddressInfo } from 'node:net';
import {
  FlakyTestGroupFinder,
  issueTestTokens,
  TestClock,
  type TestTokens,
} from '../support/transport-test-kit';
import { MercuriusSubscriptionsAppModule } from './mercurius-app.module';
import { NoteEvents } from './note-events';
import { connectGraphqlWs, subscribe, until } from './subscription-client';

const WHOAMI = 'subscription { whoami { userId principals name } }';
const AUDIT_LOG = 'subscription { auditLog }';
const ANNOUNCEMENTS = 'subscription { announcements }';
const ALICE = {
  whoami: { userId: 'alice', principals: [Everyone, Authenticated, 'user:alice', 'admin'], name: 'Alice' },
};

describe('GraphQL subscriptions with Mercurius on Fastify, behind the global guard', () => {
  const clock = new TestClock();
  const clients: Client[] = [];
  let app: INestApplication;
  let port: number;
  let tokens: TestTokens;

  const connect = (connectionParams?: Record<string, unknown>, headers?: Record<string, string>) => {
    const client = connectGraphqlWs(port, connectionParams, headers);
    clients.push(client);
    return client;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const refusal = (path: string, code: string, reason: string) => ({
    errors: [expect.objectContaining({ path: [path], extensions: { code, reason } })],
  });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MercuriusSubscriptionsAppModule.on(clock, { groupFinder: FlakyTestGroupFinder })],
    }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.dispose()));
    await until(() => app.get(NoteEvents).idle());
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['{ authorization: "Bearer <token>" }', (token: string) => [{ authorization: `Bearer ${token}` }]],
    ['{ Authorization: "Bearer <token>" }', (token: string) => [{ Authorization: `Bearer ${token}` }]],
    [
      '{ headers: { Authorization: "Bearer <token>" } }',
      (token: string) => [{ headers: { Authorization: `Bearer ${token}` } }],
    ],
    ['{ token: "<token>" }', (token: string) => [{ token }]],
    [
      'the Authorization header of the upgrade request',
      (token: string) => [undefined, { Authorization: `Bearer ${token}` }],
    ],
  ] as const)(
    'takes the token sent as %s, and hands the identity to the resolver through the decorators',
    async (_, place) => {
      const [params, headers] = place(tokens.alice) as [
        Record<string, unknown> | undefined,
        Record<string, string>?,
      ];
      const subscription = subscribe(connect(params, headers), WHOAMI);
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events).toEqual([{ data: ALICE }]);
    },
  );

  it('answers an UNAUTHENTICATED error (token_missing) to a subscription that needs a user, without a token', async () => {
    const subscription = subscribe(connect(), WHOAMI);
    await expect(subscription.ended).resolves.toEqual(refusal('whoami', 'UNAUTHENTICATED', 'token_missing'));
    expect(subscription.events).toEqual([]);
  });

  it.each([
    ['token_invalid', 'a forged token', 'forged'],
    ['token_expired', 'an expired token', 'expired'],
    ['user_unknown', 'the token of a user the GroupFinder refuses', 'carol'],
  ] as const)('answers UNAUTHENTICATED (%s) to %s', async (reason, _, token) => {
    const subscription = subscribe(connect(bearer(tokens[token])), WHOAMI);
    await expect(subscription.ended).resolves.toEqual(refusal('whoami', 'UNAUTHENTICATED', reason));
  });

  it('answers a FORBIDDEN error (permission_denied) to a user without the permission', async () => {
    const subscription = subscribe(connect(bearer(tokens.bob)), AUDIT_LOG);
    await expect(subscription.ended).resolves.toEqual(refusal('auditLog', 'FORBIDDEN', 'permission_denied'));
  });

  it('sends the events of a @Public() subscription to an anonymous connection', async () => {
    const subscription = subscribe(connect(), ANNOUNCEMENTS);
    await until(() => app.get(NoteEvents).listening('announcements') === 1);
    await app.get(NoteEvents).publish('announcements', { announcements: 'maintenance at noon' });
    await expect(subscription.event(0)).resolves.toEqual({ data: { announcements: 'maintenance at noon' } });
  });

  it('calls the GroupFinder once per connection, for all its subscriptions', async () => {
    const finder = app.get<FlakyTestGroupFinder>(GroupFinder);
    const before = finder.calls.length;
    const client = connect(bearer(tokens.alice));
    const first = subscribe(client, WHOAMI);
    await expect(first.ended).resolves.toEqual({ completed: true });
    const second = subscribe(client, WHOAMI);
    await expect(second.ended).resolves.toEqual({ completed: true });
    expect(second.events).toEqual([{ data: ALICE }]);
    expect(finder.calls.slice(before)).toEqual(['alice']);
  });

  it("refuses the connection's next subscription with token_expired once its token has expired", async () => {
    const client = connect(bearer(tokens.alice));
    await expect(subscribe(client, WHOAMI).ended).resolves.toEqual({ completed: true });
    clock.advance(2 * 3600);
    try {
      await expect(subscribe(client, WHOAMI).ended).resolves.toEqual(
        refusal('whoami', 'UNAUTHENTICATED', 'token_expired'),
      );
    } finally {
      clock.advance(-2 * 3600);
    }
  });

  it('asks the GroupFinder again at the next subscription after it failed, rather than keeping the fault', async () => {
    const finder = app.get<FlakyTestGroupFinder>(GroupFinder);
    const client = connect(bearer(tokens.alice));
    finder.failNext = true;
    await expect(subscribe(client, WHOAMI).ended).resolves.toEqual(
      refusal('whoami', 'INTERNAL_SERVER_ERROR', 'group_finder_failed'),
    );
    const next = subscribe(client, WHOAMI);
    await expect(next.ended).resolves.toEqual({ completed: true });
    expect(next.events).toEqual([{ data: ALICE }]);
  });
});
