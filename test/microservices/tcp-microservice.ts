import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { ClientTCP, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { createServer } from 'node:net';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import { issueTestTokens, TestClock, type TestTokens } from '../support/transport-test-kit';
import { MicroservicesAppModule } from './app.module';

const HOST = '127.0.0.1';

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The scenario's microservice over TCP, a connected `ClientProxy`, and the tokens to send. */
export interface TcpScenario {
  readonly microservice: INestMicroservice;
  readonly client: ClientTCP;
  readonly tokens: TestTokens;
  readonly clock: TestClock;
  close(): Promise<void>;
}

/**
 * Starts the microservice (the module `on` returns for the scenario's clock) on a free TCP port and
 * connects a client to it.
 */
export async function startTcpScenario(
  on: (clock: TestClock) => DynamicModule = (clock) => MicroservicesAppModule.on(clock),
): Promise<TcpScenario> {
  const clock = new TestClock();
  const port = await freePort();
  const moduleRef = await Test.createTestingModule({ imports: [on(clock)] }).compile();
  const microservice = moduleRef.createNestMicroservice({
    transport: Transport.TCP,
    options: { host: HOST, port },
  });
  microservice.useLogger(false);
  await microservice.listen();
  const client = new ClientTCP({ host: HOST, port });
  await client.connect();
  const tokens = await issueTestTokens(microservice.get(JwtTokenService), clock);
  return {
    microservice,
    client,
    tokens,
    clock,
    close: async () => {
      // void on NestJS 12, a promise on 11
      await Promise.resolve(client.close());
      await microservice.close();
    },
  };
}
