import { Logger } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { JwtAuthGuard } from 'nestjs-jwt-permissions';
import { OrdersController } from '../microservices/orders.controller';
import { startTcpScenario, type TcpScenario } from '../microservices/tcp-microservice';

// A refused microservice message or event is an expected outcome: nothing is logged as an error.
describe('a refused microservice call (TCP)', () => {
  let scenario: TcpScenario;
  let errors: jest.SpyInstance;

  beforeAll(async () => {
    scenario = await startTcpScenario();
  });
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => scenario?.close());

  /** Resolves with the refusal code the guard answers the next refused call with. */
  const nextRefusal = () =>
    new Promise<string>((resolve) => {
      const refusalFor = JwtAuthGuard.prototype['refusalFor'];
      jest.spyOn(JwtAuthGuard.prototype as any, 'refusalFor').mockImplementationOnce(function (
        this: JwtAuthGuard,
        ...args: any[]
      ) {
        setImmediate(() => resolve(args[1]));
        return refusalFor.apply(this, args as never);
      });
    });

  it('logs no error for a refused message, whose caller gets the refusal', async () => {
    await expect(firstValueFrom(scenario.client.send('whoami', {}))).rejects.toMatchObject({
      code: 'token_missing',
    });
    expect(errors).not.toHaveBeenCalled();
  });

  it('logs no error for a refused event, which has no caller to tell', async () => {
    const refused = nextRefusal();
    scenario.client.emit('orders.audit', {});
    expect(await refused).toBe('token_missing');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).not.toHaveBeenCalled();
    expect(scenario.microservice.get(OrdersController).audited).toEqual([]);
  });

  it('still runs an event that carries a valid token', async () => {
    await firstValueFrom(scenario.client.emit('orders.audit', { access_token: scenario.tokens.bob }));
    const controller = scenario.microservice.get(OrdersController);
    for (let i = 0; i < 50 && controller.audited.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(controller.audited).toEqual(['bob']);
  });
});
