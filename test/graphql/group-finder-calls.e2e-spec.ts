import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { GroupFinder, JwtTokenService } from 'nestjs-jwt-permissions';
import { GRAPHQL_PLATFORMS } from '../support/graphql-drivers';
import { createApp } from '../support/platforms';
import {
  AsyncTestGroupFinder,
  issueTestTokens,
  TestClock,
  type TestTokens,
} from '../support/transport-test-kit';
import { GraphqlAppModule } from './app.module';

/** {@link AsyncTestGroupFinder}, keeping the `request` of every call too. */
@Injectable()
class RequestKeepingGroupFinder extends AsyncTestGroupFinder {
  readonly requests: unknown[] = [];

  override findGroups(userId: string, request?: unknown): Promise<readonly string[] | null> {
    this.requests.push(request);
    return super.findGroups(userId);
  }
}

// Three guarded top-level fields: GraphQL resolves them side by side, running the guard once each.
const THREE_FIELDS = '{ first: whoami { userId } second: whoami { userId } third: whoami { userId } }';

describe.each(GRAPHQL_PLATFORMS)(
  'GraphQL with %s, with a GroupFinder that answers later',
  (_, platform, driver) => {
    const clock = new TestClock();
    let app: INestApplication;
    let tokens: TestTokens;
    let finder: RequestKeepingGroupFinder;

    const graphql = (query: string, token: string) =>
      request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query });

    beforeAll(async () => {
      app = await createApp(
        GraphqlAppModule.on(clock, { groupFinder: RequestKeepingGroupFinder }, driver),
        platform,
      );
      tokens = await issueTestTokens(app.get(JwtTokenService), clock);
      finder = app.get(GroupFinder);
    });

    afterAll(async () => {
      await app?.close();
    });

    it('calls the GroupFinder once for an operation whose three guarded fields overlap', async () => {
      const before = finder.calls.length;
      const response = await graphql(THREE_FIELDS, tokens.alice).expect(200);
      expect(response.body).toEqual({
        data: { first: { userId: 'alice' }, second: { userId: 'alice' }, third: { userId: 'alice' } },
      });
      expect(finder.calls.slice(before)).toEqual(['alice']);
    });

    it("hands it the operation's HTTP request, which carries the token", async () => {
      const before = finder.requests.length;
      await graphql(THREE_FIELDS, tokens.alice).expect(200);
      const requests = finder.requests.slice(before) as Array<{
        method: string;
        headers: Record<string, string>;
      }>;
      expect(requests).toHaveLength(1);
      expect(requests[0].method).toBe('POST');
      expect(requests[0].headers.authorization).toBe(`Bearer ${tokens.alice}`);
    });

    it('calls it again for the next request', async () => {
      const before = finder.calls.length;
      await graphql(THREE_FIELDS, tokens.bob).expect(200);
      await graphql(THREE_FIELDS, tokens.bob).expect(200);
      expect(finder.calls.slice(before)).toEqual(['bob', 'bob']);
    });

    it('refuses every field of a refused user after one call', async () => {
      const before = finder.calls.length;
      const response = await graphql(THREE_FIELDS, tokens.carol).expect(200);
      // whoami is not nullable: the first refused field nulls the whole answer.
      expect(response.body.data).toBeNull();
      expect(response.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'user_unknown' });
      expect(finder.calls.slice(before)).toEqual(['carol']);
    });
  },
);
