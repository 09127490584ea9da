// The identity-providers scenario app in a process of its own, for the TLS specs: NODE_EXTRA_CA_CERTS
// is read when Node starts, so trusting a private CA the way users do needs a fresh process. Trusts
// `ISSUER` by discovery, on `PLATFORM`; tells its parent its port once listening, and logs to stdout.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { IdentityProvidersAppModule, keycloakLike, TRUSTED } from './app.module';

async function main(): Promise<void> {
  TRUSTED.issuers = [keycloakLike(process.env.ISSUER!)];
  const app =
    process.env.PLATFORM === 'fastify'
      ? await NestFactory.create(IdentityProvidersAppModule, new FastifyAdapter(), { logger: ['warn'] })
      : await NestFactory.create(IdentityProvidersAppModule, { logger: ['warn'] });
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
