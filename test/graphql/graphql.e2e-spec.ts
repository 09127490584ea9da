import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Authenticated, Everyone, JwtTokenService } from 'nestjs-jwt-permissions';
import { GRAPHQL_PLATFORMS } from '../support/graphql-drivers';
import { createApp } from '../support/platforms';
import {
  GROUP_FINDER_ERROR,
  issueTestTokens,
  TestClock,
  type TestTokens,
} from '../support/transport-test-kit';
import { GraphqlAppModule } from './app.module';

const WHOAMI = '{ whoami { userId principals name } }';
const ADD_NOTE = 'mutation { addNote(text: "hi") { id text } }';
const NOTE_WITH_AUDIT_LOG = '{ note { id text auditLog } }';

describe.each(GRAPHQL_PLATFORMS)('GraphQL (code-first) with %s', (_, platform, driver) => {
  const clock = new TestClock();
  let app: INestApplication;
  let tokens: TestTokens;

  const graphql = (query: string, token?: string) => {
    const call = request(app.getHttpServer()).post('/graphql').send({ query });
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    app = await createApp(GraphqlAppModule.on(clock, {}, driver), platform);
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('a query that needs a user', () => {
    it('answers an UNAUTHENTICATED error (token_missing), not an HTTP failure, without a token', async () => {
      const response = await graphql(WHOAMI).expect(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: 'No access token was provided',
          path: ['whoami'],
          extensions: { code: 'UNAUTHENTICATED', reason: 'token_missing' },
        }),
      ]);
    });

    it('answers UNAUTHENTICATED (token_invalid) to a forged token', async () => {
      const response = await graphql(WHOAMI, tokens.forged).expect(200);
      expect(response.body.errors[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'token_invalid',
      });
    });

    it('answers UNAUTHENTICATED (token_invalid) to a token that is not a JWT', async () => {
      const response = await graphql(WHOAMI, 'not-a-jwt').expect(200);
      expect(response.body.errors[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'token_invalid',
      });
    });

    it('answers UNAUTHENTICATED (token_expired) to an expired token', async () => {
      const response = await graphql(WHOAMI, tokens.expired).expect(200);
      expect(response.body.errors[0]).toMatchObject({
        message: 'The access token has expired',
        extensions: { code: 'UNAUTHENTICATED', reason: 'token_expired' },
      });
    });

    it('answers UNAUTHENTICATED (user_unknown) to the valid token of a user the GroupFinder refuses', async () => {
      const response = await graphql(WHOAMI, tokens.carol).expect(200);
      expect(response.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'user_unknown' });
    });

    it('hands the claims, the user id and the principals to the resolver through the decorators', async () => {
      const response = await graphql(WHOAMI, tokens.alice).expect(200);
      expect(response.body).toEqual({
        data: {
          whoami: {
            userId: 'alice',
            principals: [Everyone, Authenticated, 'user:alice', 'admin'],
            name: 'Alice',
          },
        },
      });
    });
  });

  describe('a mutation that needs the admin permission', () => {
    it('answers a FORBIDDEN error (permission_denied) to a user without it', async () => {
      const response = await graphql(ADD_NOTE, tokens.bob).expect(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: 'The access token does not grant the permission this request needs',
          path: ['addNote'],
          extensions: { code: 'FORBIDDEN', reason: 'permission_denied' },
        }),
      ]);
    });

    it('answers UNAUTHENTICATED without a token', async () => {
      const response = await graphql(ADD_NOTE).expect(200);
      expect(response.body.errors[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'token_missing',
      });
    });

    it('runs for a user with it, with the claims at hand', async () => {
      const response = await graphql(ADD_NOTE, tokens.alice).expect(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.addNote).toEqual({ id: expect.any(String), text: 'hi (by alice)' });
    });
  });

  describe('a field resolver that needs the admin permission, on a public query', () => {
    it('answers the rest of the data and a FORBIDDEN error at the field to a user without it', async () => {
      const response = await graphql(NOTE_WITH_AUDIT_LOG, tokens.bob).expect(200);
      expect(response.body.data).toEqual({ note: { id: '1', text: 'first note', auditLog: null } });
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          path: ['note', 'auditLog'],
          extensions: { code: 'FORBIDDEN', reason: 'permission_denied' },
        }),
      ]);
    });

    it('answers the rest of the data and an UNAUTHENTICATED error at the field without a token', async () => {
      const response = await graphql(NOTE_WITH_AUDIT_LOG).expect(200);
      expect(response.body.data.note.auditLog).toBeNull();
      expect(response.body.errors[0]).toMatchObject({
        path: ['note', 'auditLog'],
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });

    it('resolves the field for a user with it', async () => {
      const response = await graphql(NOTE_WITH_AUDIT_LOG, tokens.alice).expect(200);
      expect(response.body).toEqual({
        data: { note: { id: '1', text: 'first note', auditLog: 'note 1 read by alice' } },
      });
    });
  });

  describe('a public query', () => {
    it('answers an anonymous caller', async () => {
      const response = await graphql('{ greeting }').expect(200);
      expect(response.body).toEqual({ data: { greeting: 'hello anonymous' } });
    });

    it('treats a caller with a bad token as anonymous rather than failing', async () => {
      const response = await graphql('{ greeting }', tokens.forged).expect(200);
      expect(response.body).toEqual({ data: { greeting: 'hello anonymous' } });
    });

    it('sees the user of a valid token', async () => {
      const response = await graphql('{ greeting }', tokens.bob).expect(200);
      expect(response.body).toEqual({ data: { greeting: 'hello bob' } });
    });

    it('treats a caller whose GroupFinder lookup fails as anonymous', async () => {
      const response = await graphql('{ greeting }', tokens.failing).expect(200);
      expect(response.body).toEqual({ data: { greeting: 'hello anonymous' } });
    });
  });

  describe('a GroupFinder that fails, on a query that needs a user', () => {
    it.each([
      [
        'throws',
        'failing',
        'INTERNAL_SERVER_ERROR',
        'group_finder_failed',
        'The server could not look up the groups of the user',
      ],
      [
        'answers something other than group names',
        'faulty',
        'INTERNAL_SERVER_ERROR',
        'group_finder_faulty',
        'The GroupFinder of the server is faulty: it did not answer with group names',
      ],
      [
        'does not answer in time',
        'stalled',
        'SERVICE_UNAVAILABLE',
        'group_finder_timeout',
        'The server could not look up the groups of the user in time',
      ],
    ] as const)(
      'answers an error naming the fault when it %s, never its internals',
      async (_, user, code, reason, message) => {
        const response = await graphql(WHOAMI, tokens[user]).expect(200);
        expect(response.body.data).toBeNull();
        expect(response.body.errors).toEqual([
          expect.objectContaining({ message, path: ['whoami'], extensions: { code, reason } }),
        ]);
        expect(JSON.stringify(response.body)).not.toContain(GROUP_FINDER_ERROR);
      },
    );
  });
});
