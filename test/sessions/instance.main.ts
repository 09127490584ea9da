// One instance of the scenario app in a process of its own, for the specs that run several:
// `REDIS_URL`, `GRACE` and `PLATFORM` from the environment; tells its parent its port once listening.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { SessionsAppModule } from './app.module';

async function main(): Promise<void> {
  const module = SessionsAppModule.with({
    sessions: { redis: { url: process.env.REDIS_URL! }, reuseGracePeriod: Number(process.env.GRACE ?? 10) },
  });
  const app =
    process.env.PLATFORM === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(module, { logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
