import { Authenticated, Everyone, GroupFinder } from 'nestjs-jwt-permissions';
import { FlakyTestGroupFinder } from '../support/transport-test-kit';
import { subscribe, TOKEN_PLACES, until } from './subscription-client';
import { useSubscriptionsApp } from './subscriptions-app';

const WHOAMI = 'subscription { whoami { userId principals name } }';
const ALICE = {
  whoami: { userId: 'alice', principals: [Everyone, Authenticated, 'user:alice', 'admin'], name: 'Alice' },
};

/** What a refused subscription ends with on Mercurius: an `error` message, not a close. */
const refusal = (path: string, code: string, reason: string) => ({
  errors: [expect.objectContaining({ path: [path], extensions: { code, reason } })],
});

describe('GraphQL subscriptions with Mercurius on Fastify, behind the global guard', () => {
  const subject = useSubscriptionsApp({
    platform: 'fastify',
    driver: 'mercurius',
    hooks: false,
    moduleOptions: { groupFinder: FlakyTestGroupFinder },
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const finder = () => subject.app.get<FlakyTestGroupFinder>(GroupFinder);

  it.each(TOKEN_PLACES)(
    'takes the token sent as %s, and hands the identity to the resolver through the decorators',
    async (_, place) => {
      const [params, headers] = place(subject.tokens.alice);
      const subscription = subscribe(subject.connect(params, headers), WHOAMI);
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events).toEqual([{ data: ALICE }]);
    },
  );

  it('answers an UNAUTHENTICATED error (token_missing) to a subscription that needs a user, without a token', async () => {
    const subscription = subscribe(subject.connect(), WHOAMI);
    await expect(subscription.ended).resolves.toEqual(refusal('whoami', 'UNAUTHENTICATED', 'token_missing'));
    expect(subscription.events).toEqual([]);
  });

  it.each([
    ['token_invalid', 'a forged token', 'forged'],
    ['token_expired', 'an expired token', 'expired'],
    ['user_unknown', 'the token of a user the GroupFinder refuses', 'carol'],
  ] as const)('answers UNAUTHENTICATED (%s) to %s', async (reason, _, token) => {
    const subscription = subscribe(subject.connect(bearer(subject.tokens[token])), WHOAMI);
    await expect(subscription.ended).resolves.toEqual(refusal('whoami', 'UNAUTHENTICATED', reason));
  });

  it('answers a FORBIDDEN error (permission_denied) to a user without the permission', async () => {
    const subscription = subscribe(subject.connect(bearer(subject.tokens.bob)), 'subscription { auditLog }');
    await expect(subscription.ended).resolves.toEqual(refusal('auditLog', 'FORBIDDEN', 'permission_denied'));
  });

  it('sends the events of a @Public() subscription to an anonymous connection', async () => {
    const subscription = subscribe(subject.connect(), 'subscription { announcements }');
    await until(() => subject.events.listening('announcements') === 1);
    await subject.events.publish('announcements', { announcements: 'maintenance at noon' });
    await expect(subscription.event(0)).resolves.toEqual({ data: { announcements: 'maintenance at noon' } });
  });

  it('calls the GroupFinder once per connection, for all its subscriptions', async () => {
    const before = finder().calls.length;
    const client = subject.connect(bearer(subject.tokens.alice));
    await expect(subscribe(client, WHOAMI).ended).resolves.toEqual({ completed: true });
    const second = subscribe(client, WHOAMI);
    await expect(second.ended).resolves.toEqual({ completed: true });
    expect(second.events).toEqual([{ data: ALICE }]);
    expect(finder().calls.slice(before)).toEqual(['alice']);
  });

  it('asks the GroupFinder again at the next subscription after it failed, rather than keeping the fault', async () => {
    const client = subject.connect(bearer(subject.tokens.alice));
    finder().failNext = true;
    await expect(subscribe(client, WHOAMI).ended).resolves.toEqual(
      refusal('whoami', 'INTERNAL_SERVER_ERROR', 'group_finder_failed'),
    );
    const next = subscribe(client, WHOAMI);
    await expect(next.ended).resolves.toEqual({ completed: true });
    expect(next.events).toEqual([{ data: ALICE }]);
  });

  it("refuses the connection's next subscription with token_expired once its token has expired", async () => {
    const client = subject.connect(bearer(subject.tokens.alice));
    await expect(subscribe(client, WHOAMI).ended).resolves.toEqual({ completed: true });
    subject.clock.advance(2 * 3600);
    try {
      await expect(subscribe(client, WHOAMI).ended).resolves.toEqual(
        refusal('whoami', 'UNAUTHENTICATED', 'token_expired'),
      );
    } finally {
      subject.clock.advance(-2 * 3600);
    }
  });
});
