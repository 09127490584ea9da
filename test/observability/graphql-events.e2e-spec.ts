import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  Authenticated,
  Everyone,
  JwtTokenService,
  SessionService,
  type GraphqlWsAuthOptions,
  type JwtAuthModuleOptions,
} from 'nestjs-jwt-permissions';
import { NoteEvents } from '../graphql-subscriptions/note-events';
import { closeOf, connectGraphqlWs, subscribe, until } from '../graphql-subscriptions/subscription-client';
import { TITLED_PLATFORMS, type Platform } from '../support/platforms';
import { TestClock } from '../support/transport-test-kit';
import { expectNoSecretIn, recordEvents, type RecordedEvent } from './event-recorder';
import { anonymousRefused, bobAuthenticated, bobDenied, callOn } from './expected-events';
import { GraphqlEventsModule, TRANSPORT_SECRET } from './transports.app';

const CONNECTION = callOn('graphql', '(connection)');

/** The scenario's application, listening on a free loopback port, and what it emitted. */
function useGraphqlApp(platform: Platform, hooks?: GraphqlWsAuthOptions, options?: JwtAuthModuleOptions) {
  const clock = new TestClock();
  const clients: Client[] = [];
  const subject = {
    clock,
    app: undefined as unknown as INestApplication,
    port: 0,
    heard: [] as RecordedEvent[],
    /** Every event of the describe, for the check that none carries a secret. */
    all: [] as RecordedEvent[],
    /** Every token the describe sent. */
    sent: [] as string[],
    token: async (user: string, expiration?: number) => {
      const token = await subject.app.get(JwtTokenService).createToken(user, { expiration });
      subject.sent.push(token);
      return token;
    },
    connect: (token?: string) => {
      const client = connectGraphqlWs(
        subject.port,
        token === undefined ? undefined : { authorization: `Bearer ${token}` },
      );
      clients.push(client);
      return client;
    },
    graphql: (query: string, token?: string) => {
      const call = request(subject.app.getHttpServer()).post('/graphql').send({ query });
      return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
    },
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [GraphqlEventsModule.on(clock, hooks, options)],
    }).compile();
    const adapter = platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
    subject.app = moduleRef.createNestApplication(adapter, { logger: false });
    await subject.app.listen(0, '127.0.0.1');
    subject.port = (subject.app.getHttpServer().address() as AddressInfo).port;
    subject.all = recordEvents(subject.app).heard;
  });
  beforeEach(() => {
    subject.heard = recordEvents(subject.app).heard;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.dispose()));
    await until(() => subject.app.get(NoteEvents).idle());
  });
  afterAll(async () => {
    await subject.app?.close();
  });
  return subject;
}

describe.each(TITLED_PLATFORMS)('auth events of GraphQL over %s', (_, platform) => {
  describe('queries and mutations', () => {
    const subject = useGraphqlApp(platform);

    it('emits authenticated with the graphql transport and the resolver', async () => {
      const alice = await subject.token('alice');
      const response = await subject.graphql('{ balance }', alice).expect(200);
      expect(response.body).toEqual({ data: { balance: 'balance of alice' } });
      expect(subject.heard).toEqual([
        [
          'authenticated',
          {
            transport: 'graphql',
            handler: 'LedgerResolver.balance',
            route: undefined,
            userId: 'alice',
            principals: [Everyone, Authenticated, 'user:alice', 'admin'],
            issuer: undefined,
            tokenId: expect.any(String),
            sessionId: expect.any(String),
          },
        ],
      ]);
    });

    it('emits refused with its code for an anonymous query', async () => {
      await subject.graphql('{ balance }').expect(200);
      expect(subject.heard).toEqual([
        anonymousRefused(callOn('graphql', 'LedgerResolver.balance'), 'token_missing'),
      ]);
    });

    it('emits permissionDenied with the permission, the deciding ACE and the resource for a mutation, then refused', async () => {
      const bob = await subject.token('bob');
      const response = await subject.graphql('mutation { addEntry { id } }', bob).expect(200);
      expect(response.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
      expect(subject.heard).toEqual(bobDenied(callOn('graphql', 'LedgerResolver.addEntry')));
    });

    it('carries no token and no secret in any event', () => {
      expect(subject.all.length).toBeGreaterThanOrEqual(5);
      expectNoSecretIn(subject.all, [...subject.sent, TRANSPORT_SECRET]);
    });
  });

  describe('graphql-ws subscriptions', () => {
    const subject = useGraphqlApp(platform);

    it('emits refused at connection_init for a connection without a token', async () => {
      const subscription = subscribe(subject.connect(), 'subscription { ticks }');
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_missing' } });
      expect(subject.heard).toEqual([anonymousRefused(CONNECTION, 'token_missing')]);
    });

    it('emits refused (token_invalid) at connection_init for a bad token', async () => {
      const subscription = subscribe(subject.connect('not.a.token'), 'subscription { ticks }');
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_invalid' } });
      expect(subject.heard).toEqual([
        ['refused', expect.objectContaining({ transport: 'graphql', code: 'token_invalid', userId: null })],
      ]);
    });

    it('emits authenticated once, at connection_init, whatever the subscriptions of the connection', async () => {
      const client = subject.connect(await subject.token('bob'));
      const first = subscribe(client, 'subscription { ticks }');
      const second = subscribe(client, 'subscription { ticks }');
      await until(() => subject.app.get(NoteEvents).listening('ticks') === 2);
      await subject.app.get(NoteEvents).publish('ticks', { ticks: 'tick' });
      await Promise.all([first.event(0), second.event(0)]);
      expect(subject.heard).toEqual([bobAuthenticated(CONNECTION)]);
    });

    it('emits permissionDenied and refused per subscription, with its resolver, and keeps the connection', async () => {
      const client = subject.connect(await subject.token('bob'));
      const refused = subscribe(client, 'subscription { entryAdded { id } }');
      await expect(refused.ended).resolves.toEqual({ completed: true });
      expect(subject.heard).toEqual(
        bobDenied(callOn('graphql', 'LedgerResolver.entryAdded'), { authenticatedAt: CONNECTION }),
      );
    });

    it('emits refused (token_expired) with the resolver when a subscription starts after the token expired', async () => {
      const client = subject.connect(await subject.token('bob', 60));
      const closed = closeOf(client);
      await subscribe(client, 'subscription { ping }').ended;
      subject.clock.advance(61);
      subscribe(client, 'subscription { ticks }');
      await expect(closed).resolves.toEqual({ code: 4401, reason: 'token_expired' });
      expect(subject.heard).toEqual([
        ['authenticated', expect.objectContaining({ ...CONNECTION, userId: 'bob' })],
        anonymousRefused(callOn('graphql', 'LedgerResolver.ticks'), 'token_expired'),
      ]);
    });

    it('emits refused (token_expired) for the connection when an event comes after the token expired', async () => {
      const client = subject.connect(await subject.token('bob', 60));
      const subscription = subscribe(client, 'subscription { ticks }');
      await until(() => subject.app.get(NoteEvents).listening('ticks') === 1);
      subject.clock.advance(61);
      await subject.app.get(NoteEvents).publish('ticks', { ticks: 'too late' });
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_expired' } });
      expect(subscription.events).toEqual([]);
      expect(subject.heard).toEqual([
        ['authenticated', expect.objectContaining({ ...CONNECTION, userId: 'bob' })],
        anonymousRefused(CONNECTION, 'token_expired'),
      ]);
    });

    it('emits tokenRevoked when the session of an open subscription is revoked, which closes it', async () => {
      const pair = await subject.app.get(SessionService).open('bob');
      subject.sent.push(pair.accessToken, pair.refreshToken);
      const subscription = subscribe(subject.connect(pair.accessToken), 'subscription { ticks }');
      await until(() => subject.app.get(NoteEvents).listening('ticks') === 1);
      await subject.app.get(SessionService).revokeSession(pair.sessionId);
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_revoked' } });
      expect(subject.heard).toEqual([
        ['authenticated', expect.objectContaining({ userId: 'bob', sessionId: pair.sessionId })],
        [
          'tokenRevoked',
          {
            revocation: expect.objectContaining({ kind: 'session', sid: pair.sessionId }),
            at: expect.any(Number),
          },
        ],
      ]);
    });

    it('carries no token and no secret in any event', () => {
      expect(subject.all.length).toBeGreaterThanOrEqual(8);
      expectNoSecretIn(subject.all, [...subject.sent, TRANSPORT_SECRET]);
    });
  });

  describe('graphql-ws with a connectionPermission', () => {
    const subject = useGraphqlApp(platform, { connectionPermission: 'admin' });

    it('emits permissionDenied and refused at connection_init for a user without it', async () => {
      const subscription = subscribe(subject.connect(await subject.token('bob')), 'subscription { ticks }');
      await expect(subscription.ended).resolves.toEqual({
        closed: { code: 4403, reason: 'permission_denied' },
      });
      expect(subject.heard).toEqual(
        bobDenied(CONNECTION, { permission: 'admin', ace: undefined, resource: undefined }),
      );
    });
  });

  describe('in cookie mode', () => {
    const subject = useGraphqlApp(platform, {}, { cookie: {} });

    async function login(): Promise<{ cookie: string; csrfToken: string }> {
      const response = await request(subject.app.getHttpServer()).post('/login').expect(201);
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      const cookie = cookies.map((line) => line.split(';')[0]).join('; ');
      subject.sent.push(...cookies.map((line) => line.split(';')[0].split('=')[1]));
      return { cookie, csrfToken: (response.body as { csrfToken: string }).csrfToken };
    }

    it('emits csrfFailed, then refused with the resolver, for a mutation whose cookie lacks its CSRF header', async () => {
      const { cookie } = await login();
      subject.heard.length = 0;
      const response = await subject
        .graphql('mutation { addEntry { id } }')
        .set('Cookie', cookie)
        .expect(200);
      expect(response.body.errors[0].extensions.reason).toBe('csrf_missing');
      expect(subject.heard).toEqual([
        ['csrfFailed', { code: 'csrf_missing', userId: 'bob', method: 'POST' }],
        [
          'refused',
          {
            ...callOn('graphql', 'LedgerResolver.addEntry'),
            code: 'csrf_missing',
            userId: null,
            required: ['edit'],
          },
        ],
      ]);
    });

    it('emits the permission events for a mutation whose cookie carries its CSRF header', async () => {
      const { cookie, csrfToken } = await login();
      subject.heard.length = 0;
      await subject
        .graphql('mutation { addEntry { id } }')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', csrfToken)
        .expect(200);
      expect(subject.heard).toEqual(bobDenied(callOn('graphql', 'LedgerResolver.addEntry')));
      subject.sent.push(csrfToken);
    });

    it('carries no token, no CSRF token and no secret in any event', () => {
      expect(subject.all.length).toBeGreaterThanOrEqual(5);
      expectNoSecretIn(subject.all, [...subject.sent, TRANSPORT_SECRET]);
    });
  });
});
