// The server side of the HTTP and memory benchmarks, run in its own process (forked by
// server-process.ts) so that the load generator does not share its event loop. It serves
// BenchAppModule on 127.0.0.1, mints the tokens the load generator sends, and answers heap queries.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtTokenService, SessionService } from 'nestjs-jwt-permissions';
import { BenchAppModule } from './app/bench-app.module';
import { BENCH_USER } from './app/bench-secret';
import { guardTimers } from './app/timed.guards';
import type { ServerMessage, ParentMessage } from './server-process';

async function main(): Promise<void> {
  const [adapter, distinctArgument] = process.argv.slice(2);
  const app =
    adapter === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(BenchAppModule, new FastifyAdapter(), {
          logger: false,
        })
      : await NestFactory.create(BenchAppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;

  const tokenService = app.get(JwtTokenService);
  if (process.env.BENCH_SESSIONS) {
    // Sessions on, with revocations held: the guard's lookups hit full maps, as in a live application.
    const sessions = app.get(SessionService);
    for (let i = 0; i < 1000; i++) await sessions.revokeSession(`revoked-session-${i}`);
    for (let i = 0; i < 100; i++) await sessions.revokeUser(`revoked-user-${i}`);
  }
  const distinct: string[] = [];
  for (let i = 0; i < Number(distinctArgument ?? 0); i++)
    distinct.push(await tokenService.createToken(`user-${i + 2}`));
  const send = (message: ServerMessage) => process.send!(message);
  send({
    type: 'ready',
    port,
    tokens: {
      jwtAuth: await tokenService.createToken(BENCH_USER),
      nestjsJwt: await app.get(JwtService).signAsync({ sub: BENCH_USER, username: 'alice' }),
      distinct,
    },
  });

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'heap') {
      global.gc!();
      global.gc!();
      send({ type: 'heap', heapUsed: process.memoryUsage().heapUsed });
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', microseconds: user + system });
    } else if (message.type === 'guardTimes') {
      send({
        type: 'guardTimes',
        microseconds: {
          full: guardTimers.full.read(),
          verification: guardTimers.verification.read(),
          headerOnly: guardTimers.headerOnly.read(),
        },
      });
    } else if (message.type === 'stop') {
      void app.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
