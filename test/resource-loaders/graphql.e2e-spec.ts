import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import { compileApp, createApp, TITLED_PLATFORMS } from '../support/platforms';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { missingLoaderMessage, NoteEditsGraphqlModule } from './app.modules';
import { NoteLoader } from './note.loader';
import {
  ClassWithoutLoader,
  FieldWithoutLoader,
  MutationWithoutLoader,
  NoteEditsResolver,
  QueryWithoutLoader,
  SubscriptionWithoutLoader,
} from './note-edits.resolvers';

const MISSING_LOADER_CASES: ReadonlyArray<readonly [string, Type, string]> = [
  ['a query', QueryWithoutLoader, 'QueryWithoutLoader.draft()'],
  ['a mutation', MutationWithoutLoader, 'MutationWithoutLoader.publishNote()'],
  ['a subscription', SubscriptionWithoutLoader, 'SubscriptionWithoutLoader.noteEdited()'],
  ['a field resolver', FieldWithoutLoader, 'FieldWithoutLoader.history()'],
  ['the resolver class', ClassWithoutLoader, 'the class ClassWithoutLoader'],
];

describe.each(TITLED_PLATFORMS)('resource loaders of GraphQL resolvers over %s', (_, platform) => {
  describe.each(MISSING_LOADER_CASES)(
    'a loader named on %s that no module provides',
    (__, resolver, usedBy) => {
      it('stops the application at start-up, naming the loader, the handler and the module', async () => {
        const module = NoteEditsGraphqlModule.on(new TestClock(), resolver);
        const app = await compileApp(Test.createTestingModule({ imports: [module] }), platform);
        try {
          await expect(app.init()).rejects.toThrow(missingLoaderMessage(usedBy, 'NoteEditsGraphqlModule'));
        } finally {
          await app.close();
        }
      });
    },
  );

  describe('a loader that a module provides', () => {
    const clock = new TestClock();
    let app: INestApplication;
    let tokens: TestTokens;
    const editNote = (token: string) =>
      request(app.getHttpServer())
        .post('/graphql')
        .set('Authorization', `Bearer ${token}`)
        .send({ query: 'mutation { editNote }' });

    beforeAll(async () => {
      app = await createApp(NoteEditsGraphqlModule.on(clock, NoteEditsResolver, [NoteLoader]), platform);
      tokens = await issueTestTokens(app.get(JwtTokenService), clock);
    });

    afterAll(async () => {
      await app?.close();
    });

    it('loads the resource and lets in a caller its ACL allows', async () => {
      const loads = app.get(NoteLoader).loads;
      const response = await editNote(tokens.alice).expect(200);
      expect(response.body).toEqual({ data: { editNote: 'edited note 1' } });
      expect(app.get(NoteLoader).loads).toBe(loads + 1);
    });

    it('refuses a caller its ACL does not allow (FORBIDDEN)', async () => {
      const response = await editNote(tokens.bob).expect(200);
      expect(response.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'permission_denied' });
    });
  });
});
