import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import { GraphqlAppModule } from '../graphql/app.module';
import { GRAPHQL_PLATFORMS } from '../support/graphql-drivers';
import { createApp } from '../support/platforms';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';

// A refusal is an expected outcome, not a failure of the server: nothing is logged as an error,
// and the client gets no stack trace, even where Apollo adds one to every error (outside production).
describe.each(GRAPHQL_PLATFORMS)('a refused GraphQL call with %s', (_, platform, driver) => {
  const clock = new TestClock();
  let app: INestApplication;
  let tokens: TestTokens;
  let errors: jest.SpyInstance;
  const nodeEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    // Apollo decides at start-up whether responses carry stack traces: as in development.
    delete process.env.NODE_ENV;
    app = await createApp(GraphqlAppModule.on(clock, {}, driver), platform);
    process.env.NODE_ENV = nodeEnv;
    tokens = await issueTestTokens(app.get(JwtTokenService), clock);
  });
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => errors.mockRestore());
  afterAll(() => app?.close());

  const graphql = (query: string, token?: string) => {
    const call = request(app.getHttpServer()).post('/graphql').send({ query });
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };

  it.each([
    ['an anonymous query', '{ whoami { userId } }', undefined, 'UNAUTHENTICATED'],
    ['a query with an expired token', '{ whoami { userId } }', 'expired', 'UNAUTHENTICATED'],
    ['a mutation a user may not make', 'mutation { addNote(text: "hi") { id } }', 'bob', 'FORBIDDEN'],
  ] as const)('logs no error for %s, and answers without a stack trace', async (_, query, user, code) => {
    const response = await graphql(query, user && tokens[user]).expect(200);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].extensions.code).toBe(code);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .+:\d+:\d+/);
    expect(errors).not.toHaveBeenCalled();
  });

  it('still logs an error that is not a refusal', async () => {
    const response = await graphql('{ broken }').expect(200);
    // Apollo codes it INTERNAL_SERVER_ERROR; Mercurius gives no code.
    expect(response.body.errors[0].path).toEqual(['broken']);
    expect(errors).toHaveBeenCalled();
  });
});
