import { SessionService, SessionStore, type SessionTokens } from 'nestjs-jwt-permissions';
import { TITLED_PLATFORMS } from '../support/platforms';
import { CuttableSessionStore } from '../support/cuttable-session.store';
import { closeOf, subscribe, until } from './subscription-client';
import { useSubscriptionsApp } from './subscriptions-app';

const NOTE_ADDED = 'subscription { noteAdded { id text } }';
const WHOAMI = 'subscription { whoami { userId } }';
const MAX_STALENESS = 30;

describe.each(TITLED_PLATFORMS)(
  'graphql-ws connections and revocation (in-memory store), on %s',
  (_, platform) => {
    const subject = useSubscriptionsApp({
      platform,
      moduleOptions: { sessionStore: CuttableSessionStore, sessions: { maxStaleness: MAX_STALENESS } },
    });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const sessions = () => subject.app.get(SessionService);
    const store = () => subject.app.get<CuttableSessionStore>(SessionStore);

    // A user revocation covers the tokens issued up to its second; the clock stands still otherwise.
    afterEach(() => subject.clock.advance(1));

    /** A connection with a session of `userId`, subscribed to noteAdded, once the server listens. */
    async function listening(userId: string) {
      const pair = await sessions().open(userId);
      const before = subject.events.listening('noteAdded');
      const client = subject.connect(bearer(pair.accessToken));
      const subscription = subscribe(client, NOTE_ADDED);
      await Promise.race([
        until(() => subject.events.listening('noteAdded') === before + 1),
        subscription.ended.then((ended) => {
          throw new Error(`the subscription ended before it listened: ${JSON.stringify(ended)}`);
        }),
      ]);
      return { pair, client, subscription };
    }

    /** Milliseconds from `revoke` being called until `subscription` ends, and how it ended. */
    async function timeToClose(
      subscription: { ended: Promise<unknown> },
      revoke: () => Promise<unknown>,
    ): Promise<{ ended: unknown; ms: number }> {
      const start = performance.now();
      await revoke();
      const ended = await subscription.ended;
      return { ended, ms: performance.now() - start };
    }

    it.each<[string, (pair: SessionTokens) => Promise<boolean>]>([
      ['its session', (pair) => sessions().revokeSession(pair.sessionId)],
      ['its user', () => sessions().revokeUser('bob')],
      ['its access token', (pair) => sessions().revokeToken(pair.accessToken)],
    ])(
      'closes the connection with 4401 (token_revoked) within a second of %s being revoked, without waiting for an event',
      async (_, revoke) => {
        const { pair, subscription } = await listening('bob');
        const { ended, ms } = await timeToClose(subscription, () => revoke(pair));
        expect(ended).toEqual({ closed: { code: 4401, reason: 'token_revoked' } });
        expect(ms).toBeLessThan(1000);
        expect(subscription.events).toEqual([]);
      },
    );

    it("keeps the connection open, and delivering, when another user's session or the user is revoked", async () => {
      const { subscription } = await listening('bob');
      const alice = await listening('alice');
      await sessions().revokeSession(alice.pair.sessionId);
      await sessions().revokeUser('carol');
      await expect(alice.subscription.ended).resolves.toEqual({
        closed: { code: 4401, reason: 'token_revoked' },
      });
      await subject.events.publish('noteAdded', { noteAdded: { id: '1', text: 'still here' } });
      expect(await subscription.event(0)).toEqual({ data: { noteAdded: { id: '1', text: 'still here' } } });
    });

    it('refuses a connection whose token was revoked before connection_init with 4401', async () => {
      const pair = await sessions().open('bob');
      await sessions().revokeSession(pair.sessionId);
      const subscription = subscribe(subject.connect(bearer(pair.accessToken)), WHOAMI);
      await expect(subscription.ended).resolves.toEqual({ closed: { code: 4401, reason: 'token_revoked' } });
    });

    describe('while the revocation feed is cut', () => {
      afterEach(async () => {
        await store().restore(subject.clock.read());
      });

      it('keeps delivering events for up to sessions.maxStaleness', async () => {
        const { subscription } = await listening('bob');
        store().cut();
        subject.clock.advance(MAX_STALENESS);
        await subject.events.publish('noteAdded', { noteAdded: { id: '1', text: 'in time' } });
        expect(await subscription.event(0)).toEqual({ data: { noteAdded: { id: '1', text: 'in time' } } });
      });

      it('closes the connection with 1013 (session_store_unavailable) at the next event past it, without sending it', async () => {
        const { subscription } = await listening('bob');
        store().cut();
        subject.clock.advance(MAX_STALENESS + 1);
        await subject.events.publish('noteAdded', { noteAdded: { id: '1', text: 'unchecked' } });
        await expect(subscription.ended).resolves.toEqual({
          closed: { code: 1013, reason: 'session_store_unavailable' },
        });
        expect(subscription.events).toEqual([]);
      });

      it('closes the connection with 1013 at a new subscription past it, starting nothing', async () => {
        const client = subject.connect(bearer((await sessions().open('bob')).accessToken));
        const closed = closeOf(client);
        await expect(subscribe(client, WHOAMI).ended).resolves.toEqual({ completed: true });
        store().cut();
        subject.clock.advance(MAX_STALENESS + 1);
        const late = subscribe(client, WHOAMI);
        await expect(late.ended).resolves.toEqual({
          closed: { code: 1013, reason: 'session_store_unavailable' },
        });
        expect(late.events).toEqual([]);
        await expect(closed).resolves.toEqual({ code: 1013, reason: 'session_store_unavailable' });
      });

      it('refuses connection_init with 1013 past it, and accepts the same token once the feed is back', async () => {
        const { accessToken } = await sessions().open('bob');
        store().cut();
        subject.clock.advance(MAX_STALENESS + 1);
        const refused = subscribe(subject.connect(bearer(accessToken)), WHOAMI);
        await expect(refused.ended).resolves.toEqual({
          closed: { code: 1013, reason: 'session_store_unavailable' },
        });
        await store().restore(subject.clock.read());
        const accepted = subscribe(subject.connect(bearer(accessToken)), WHOAMI);
        await expect(accepted.ended).resolves.toEqual({ completed: true });
        expect(accepted.events).toEqual([{ data: { whoami: { userId: 'bob' } } }]);
      });
    });

    it('logs no error for any of these closes', () => {
      expect(subject.logger.failures).toEqual([]);
    });
  },
);
