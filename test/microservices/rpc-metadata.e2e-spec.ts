// Packet metadata (`ClientProxy#setOnDispatchHook`, `TcpContext#getMetadata`) exists from
// NestJS 12 on: .ci/nest11.sh leaves this file out of the NestJS 11 run.
import { firstValueFrom } from 'rxjs';
import { startTcpScenario, type TcpScenario } from './tcp-microservice';

describe('microservices (TCP) with the token in the packet metadata', () => {
  let scenario: TcpScenario;
  let metadata: Record<string, string> = {};

  const send = (pattern: string, data: unknown) => firstValueFrom(scenario.client.send(pattern, data));

  beforeAll(async () => {
    scenario = await startTcpScenario();
    scenario.client.setOnDispatchHook((packet) => {
      packet.metadata = metadata;
    });
  });

  afterAll(async () => {
    await scenario?.close();
  });

  it('reads the token from the authorization metadata, as from an HTTP header', async () => {
    metadata = { authorization: `Bearer ${scenario.tokens.alice}` };
    await expect(send('whoami', {})).resolves.toMatchObject({ userId: 'alice', name: 'Alice' });
  });

  it('prefers the metadata token to the payload field', async () => {
    metadata = { authorization: `Bearer ${scenario.tokens.alice}` };
    await expect(send('whoami', { access_token: scenario.tokens.bob })).resolves.toMatchObject({
      userId: 'alice',
    });
  });

  it('refuses a forged token in the metadata (token_invalid)', async () => {
    metadata = { authorization: `Bearer ${scenario.tokens.forged}` };
    await expect(send('whoami', {})).rejects.toMatchObject({ status: 'error', code: 'token_invalid' });
  });

  it('refuses a metadata token without the permission (permission_denied)', async () => {
    metadata = { authorization: `Bearer ${scenario.tokens.bob}` };
    await expect(send('orders.cancel', { orderId: '7' })).rejects.toMatchObject({
      code: 'permission_denied',
    });
  });
});
