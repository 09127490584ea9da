import { Authenticated, Everyone, GroupFinder, JwtTokenService } from 'nestjs-jwt-permissions';
import type { TestGroupFinder } from '../support/transport-test-kit';
import { TITLED_PLATFORMS } from '../support/platforms';
import { closeOf, countConnections, subscribe, TOKEN_PLACES, until } from './subscription-client';
import { useSubscriptionsApp } from './subscriptions-app';

const NOTE_ADDED = 'subscription { noteAdded { id text } }';
const AUDIT_LOG = 'subscription { auditLog }';
const WHOAMI = 'subscription { whoami { userId principals name } }';

describe.each(TITLED_PLATFORMS)('GraphQL subscriptions over graphql-ws, on %s', (_, platform) => {
  const subject = useSubscriptionsApp({ platform });
  const consoleError = jest.spyOn(console, 'error');
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('at connection_init', () => {
    it('closes a connection without a token with 4401 (token_missing)', async () => {
      const subscription = subscribe(subject.connect(), NOTE_ADDED);
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_missing' } });
      expect(subscription.events).toEqual([]);
    });

    it.each([
      ['a forged token', 'forged', 'token_invalid'],
      ['an expired token', 'expired', 'token_expired'],
      ['the token of a user the GroupFinder refuses', 'carol', 'user_unknown'],
    ] as const)('closes a connection with %s with 4401 (%s)', async (_, token, reason) => {
      const subscription = subscribe(subject.connect(bearer(subject.tokens[token])), NOTE_ADDED);
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason } });
    });

    it.each(TOKEN_PLACES)('accepts the token sent as %s', async (_, place) => {
      const [params, headers] = place(subject.tokens.alice);
      const subscription = subscribe(subject.connect(params, headers), WHOAMI);
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events).toEqual([
        {
          data: {
            whoami: {
              userId: 'alice',
              principals: [Everyone, Authenticated, 'user:alice', 'admin'],
              name: 'Alice',
            },
          },
        },
      ]);
    });
  });

  describe('a subscription that needs a user', () => {
    it('delivers every event to a user', async () => {
      const subscription = subscribe(subject.connect(bearer(subject.tokens.bob)), NOTE_ADDED);
      await until(() => subject.events.listening('noteAdded') === 1);
      await subject.events.publish('noteAdded', { noteAdded: { id: '1', text: 'first' } });
      await subject.events.publish('noteAdded', { noteAdded: { id: '2', text: 'second' } });
      expect(await subscription.event(1)).toEqual({ data: { noteAdded: { id: '2', text: 'second' } } });
      expect(subscription.events[0]).toEqual({ data: { noteAdded: { id: '1', text: 'first' } } });
    });

    it('closes the connection with 4401 (token_expired) at the first event after the token expires, without sending it', async () => {
      const shortLived = await subject.app.get(JwtTokenService).createToken('bob', { expiration: 60 });
      const subscription = subscribe(subject.connect(bearer(shortLived)), NOTE_ADDED);
      await until(() => subject.events.listening('noteAdded') === 1);
      await subject.events.publish('noteAdded', { noteAdded: { id: '1', text: 'in time' } });
      await subscription.event(0);
      subject.clock.advance(61);
      await subject.events.publish('noteAdded', { noteAdded: { id: '2', text: 'too late' } });
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_expired' } });
      expect(subscription.events).toEqual([{ data: { noteAdded: { id: '1', text: 'in time' } } }]);
    });

    it('closes the connection with 4401 (token_expired) at a subscription started after the token expired', async () => {
      const shortLived = await subject.app.get(JwtTokenService).createToken('bob', { expiration: 60 });
      const client = subject.connect(bearer(shortLived));
      const closed = closeOf(client);
      await expect(subscribe(client, WHOAMI).ended).resolves.toEqual({ completed: true });
      subject.clock.advance(61);
      const late = subscribe(client, WHOAMI);
      await expect(late.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_expired' } });
      expect(late.events).toEqual([]);
      await expect(closed).resolves.toEqual({ code: 4401, reason: 'token_expired' });
    });

    it('calls the GroupFinder once per connection, whatever its subscriptions', async () => {
      const finder = subject.app.get<TestGroupFinder>(GroupFinder);
      const before = finder.calls.length;
      const client = subject.connect(bearer(subject.tokens.bob));
      const connections = countConnections(client);
      await subscribe(client, WHOAMI).ended;
      await subscribe(client, WHOAMI).ended;
      const notes = subscribe(client, NOTE_ADDED);
      await until(() => subject.events.listening('noteAdded') === 1);
      await subject.events.publish('noteAdded', { noteAdded: { id: '3', text: 'third' } });
      await notes.event(0);
      expect(connections()).toBe(1);
      expect(finder.calls.slice(before)).toEqual(['bob']);
    });
  });

  describe('a subscription that needs the admin permission', () => {
    it('answers a user without it a FORBIDDEN error on that subscription, and keeps the connection', async () => {
      const client = subject.connect(bearer(subject.tokens.bob));
      const connections = countConnections(client);
      const refused = subscribe(client, AUDIT_LOG);
      await expect(refused.ended).resolves.toEqual({ completed: true });
      expect(refused.events).toEqual([
        {
          errors: [
            expect.objectContaining({
              message: 'The access token does not grant the permission this request needs',
              path: ['auditLog'],
              extensions: { code: 'FORBIDDEN', reason: 'permission_denied' },
            }),
          ],
        },
      ]);
      const allowed = subscribe(client, WHOAMI);
      await expect(allowed.ended).resolves.toEqual({ completed: true });
      expect(allowed.events[0].data).toEqual({ whoami: expect.objectContaining({ userId: 'bob' }) });
      expect(connections()).toBe(1);
    });

    it('delivers its events to a user with it', async () => {
      const subscription = subscribe(subject.connect(bearer(subject.tokens.alice)), AUDIT_LOG);
      await until(() => subject.events.listening('auditLog') === 1);
      await subject.events.publish('auditLog', { auditLog: 'note 1 deleted' });
      expect(await subscription.event(0)).toEqual({ data: { auditLog: 'note 1 deleted' } });
    });
  });

  it('logs no error for any of these refusals', () => {
    expect(subject.logger.failures).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
