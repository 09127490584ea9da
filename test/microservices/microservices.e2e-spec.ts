import { firstValueFrom } from 'rxjs';
import { Authenticated, Everyone } from 'nestjs-jwt-permissions';
import { startTcpScenario, type TcpScenario } from './tcp-microservice';

const refusal = (code: string, message: string) => ({ status: 'error', code, message });

describe('microservices (TCP) with the token in the payload', () => {
  let scenario: TcpScenario;

  const send = (pattern: string, data: unknown) => firstValueFrom(scenario.client.send(pattern, data));

  beforeAll(async () => {
    scenario = await startTcpScenario();
  });

  afterAll(async () => {
    await scenario?.close();
  });

  it('refuses a message that needs a user without a token, with an RpcException error', async () => {
    await expect(send('whoami', {})).rejects.toEqual(
      refusal('token_missing', 'No access token was provided'),
    );
  });

  it('refuses a forged token (token_invalid)', async () => {
    await expect(send('whoami', { access_token: scenario.tokens.forged })).rejects.toEqual(
      refusal('token_invalid', 'The access token is invalid'),
    );
  });

  it('refuses a token that is not a JWT (token_invalid)', async () => {
    await expect(send('whoami', { access_token: 'not-a-jwt' })).rejects.toMatchObject({
      code: 'token_invalid',
    });
  });

  it('refuses an expired token (token_expired)', async () => {
    await expect(send('whoami', { access_token: scenario.tokens.expired })).rejects.toEqual(
      refusal('token_expired', 'The access token has expired'),
    );
  });

  it('refuses the valid token of a user the GroupFinder refuses (user_unknown)', async () => {
    await expect(send('whoami', { access_token: scenario.tokens.carol })).rejects.toMatchObject({
      code: 'user_unknown',
    });
  });

  it.each([
    ['failing', 'group_finder_failed', 'The server could not look up the groups of the user'],
    [
      'faulty',
      'group_finder_faulty',
      'The GroupFinder of the server is faulty: it did not answer with group names',
    ],
    ['stalled', 'group_finder_timeout', 'The server could not look up the groups of the user in time'],
  ] as const)(
    'refuses the token of a %s GroupFinder lookup (%s), never with its internals',
    async (user, code, message) => {
      await expect(send('whoami', { access_token: scenario.tokens[user] })).rejects.toEqual(
        refusal(code, message),
      );
    },
  );

  it('answers a public message for a caller whose GroupFinder lookup fails, as anonymous', async () => {
    await expect(send('ping', { access_token: scenario.tokens.failing })).resolves.toBe('pong anonymous');
  });

  it('refuses a message that needs a permission the user lacks (permission_denied)', async () => {
    await expect(send('orders.cancel', { access_token: scenario.tokens.bob, orderId: '7' })).rejects.toEqual(
      refusal('permission_denied', 'The access token does not grant the permission this request needs'),
    );
  });

  it('runs a message that needs a permission for a user with it', async () => {
    await expect(send('orders.cancel', { access_token: scenario.tokens.alice, orderId: '7' })).resolves.toBe(
      'order 7 cancelled by alice',
    );
  });

  it('hands the claims, the user id and the principals to the handler through the decorators', async () => {
    await expect(send('whoami', { access_token: scenario.tokens.alice })).resolves.toEqual({
      userId: 'alice',
      principals: [Everyone, Authenticated, 'user:alice', 'admin'],
      name: 'Alice',
    });
  });

  it('accepts the field written as an Authorization header value, "Bearer <token>"', async () => {
    await expect(send('whoami', { access_token: `Bearer ${scenario.tokens.bob}` })).resolves.toMatchObject({
      userId: 'bob',
    });
  });

  it('answers a public message for an anonymous caller, whatever the payload', async () => {
    await expect(send('ping', 'just a string')).resolves.toBe('pong anonymous');
  });

  it('treats a payload that is not an object as carrying no token', async () => {
    await expect(send('whoami', ['not', 'an', 'object'])).rejects.toMatchObject({ code: 'token_missing' });
  });
});
