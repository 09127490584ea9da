import { Injectable } from '@nestjs/common';
import { GroupFinder } from 'nestjs-jwt-permissions';
import { FlakyTestGroupFinder } from '../support/transport-test-kit';
import { TITLED_PLATFORMS } from '../support/platforms';
import { closeOf, countConnections, subscribe, until } from './subscription-client';
import { useSubscriptionsApp } from './subscriptions-app';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(TITLED_PLATFORMS)('graphql-ws hooks({ allowAnonymous: true }), on %s', (_, platform) => {
  const subject = useSubscriptionsApp({ platform, hooks: { allowAnonymous: true } });

  it('acknowledges a connection without a token and delivers the events of a public subscription', async () => {
    const subscription = subscribe(subject.connect(), 'subscription { announcements }');
    await until(() => subject.events.listening('announcements') === 1);
    await subject.events.publish('announcements', { announcements: 'hello' });
    expect(await subscription.event(0)).toEqual({ data: { announcements: 'hello' } });
  });

  it('answers an anonymous subscription that needs a user UNAUTHENTICATED (token_missing), and keeps the connection', async () => {
    const client = subject.connect();
    const connections = countConnections(client);
    const refused = subscribe(client, 'subscription { noteAdded { id } }');
    await expect(refused.ended).resolves.toEqual({ completed: true });
    expect(refused.events).toEqual([
      {
        errors: [
          expect.objectContaining({
            message: 'No access token was provided',
            extensions: { code: 'UNAUTHENTICATED', reason: 'token_missing' },
          }),
        ],
      },
    ]);
    const open = subscribe(client, 'subscription { announcements }');
    await until(() => subject.events.listening('announcements') === 1);
    await subject.events.publish('announcements', { announcements: 'still here' });
    expect(await open.event(0)).toEqual({ data: { announcements: 'still here' } });
    expect(connections()).toBe(1);
  });

  it('still closes a connection with a bad token with 4401', async () => {
    const subscription = subscribe(
      subject.connect(bearer(subject.tokens.forged)),
      'subscription { announcements }',
    );
    await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_invalid' } });
  });
});

describe.each(TITLED_PLATFORMS)(
  "graphql-ws hooks({ connectionPermission: 'admin' }), on %s",
  (_, platform) => {
    const subject = useSubscriptionsApp({ platform, hooks: { connectionPermission: 'admin' } });

    it('closes the connection of a user without the permission with 4403 (permission_denied)', async () => {
      const subscription = subscribe(
        subject.connect(bearer(subject.tokens.bob)),
        'subscription { announcements }',
      );
      await expect(subscription.ended).resolves.toEqual({
        closed: { code: 4403, reason: 'permission_denied' },
      });
    });

    it('closes a connection without a token with 4401', async () => {
      const subscription = subscribe(subject.connect(), 'subscription { announcements }');
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_missing' } });
    });

    it('acknowledges a user with it', async () => {
      const subscription = subscribe(
        subject.connect(bearer(subject.tokens.alice)),
        'subscription { whoami { userId } }',
      );
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events).toEqual([{ data: { whoami: { userId: 'alice' } } }]);
    });

    it('logs no error for these refusals', () => {
      expect(subject.logger.failures).toEqual([]);
    });
  },
);

describe.each(TITLED_PLATFORMS)(
  'graphql-ws without the hooks, the global guard alone, on %s',
  (_, platform) => {
    const subject = useSubscriptionsApp({ platform, hooks: false });

    it('reads the connectionParams token when a subscription starts', async () => {
      const subscription = subscribe(
        subject.connect(bearer(subject.tokens.bob)),
        'subscription { whoami { userId } }',
      );
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events).toEqual([{ data: { whoami: { userId: 'bob' } } }]);
    });

    it('answers a bad token UNAUTHENTICATED on the subscription, then closes the connection with 4401', async () => {
      const client = subject.connect(bearer(subject.tokens.forged));
      const closed = closeOf(client);
      const subscription = subscribe(client, 'subscription { whoami { userId } }');
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events).toEqual([
        {
          errors: [
            expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED', reason: 'token_invalid' } }),
          ],
        },
      ]);
      await expect(closed).resolves.toEqual({ code: 4401, reason: 'token_invalid' });
    });

    it('acknowledges a connection without a token, answering its guarded subscription UNAUTHENTICATED', async () => {
      const subscription = subscribe(subject.connect(), 'subscription { whoami { userId } }');
      await expect(subscription.ended).resolves.toEqual({ completed: true });
      expect(subscription.events[0].errors).toEqual([
        expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED', reason: 'token_missing' } }),
      ]);
    });

    describe('with a GroupFinder that fails once', () => {
      const flaky = useSubscriptionsApp({
        platform,
        hooks: false,
        moduleOptions: { groupFinder: FlakyTestGroupFinder },
      });

      it('asks it again at the next subscription of the connection, rather than keeping the fault', async () => {
        const client = flaky.connect(bearer(flaky.tokens.bob));
        flaky.app.get<FlakyTestGroupFinder>(GroupFinder).failNext = true;
        const failed = subscribe(client, 'subscription { whoami { userId } }');
        await expect(failed.ended).resolves.toEqual({ completed: true });
        expect(failed.events[0].errors).toEqual([
          expect.objectContaining({
            extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'group_finder_failed' },
          }),
        ]);
        const next = subscribe(client, 'subscription { whoami { userId } }');
        await expect(next.ended).resolves.toEqual({ completed: true });
        expect(next.events).toEqual([{ data: { whoami: { userId: 'bob' } } }]);
      });
    });
  },
);

/** A GroupFinder whose store is down. */
@Injectable()
class FailingGroupFinder implements GroupFinder {
  findGroups(): never {
    throw new Error('the user store is down');
  }
}

describe.each(TITLED_PLATFORMS)('graphql-ws hooks, with a GroupFinder that fails, on %s', (_, platform) => {
  const subject = useSubscriptionsApp({ platform, moduleOptions: { groupFinder: FailingGroupFinder } });

  it("closes the connection with 1011 (group_finder_failed): the server's fault, not the token's", async () => {
    const subscription = subscribe(
      subject.connect(bearer(subject.tokens.bob)),
      'subscription { announcements }',
    );
    await expect(subscription.ended).resolves.toEqual({
      closed: { code: 1011, reason: 'group_finder_failed' },
    });
  });
});
