// The server side of the platform section, in its own process: an HTTP stack with no Nest and no
// guard, serving GET /public with the benchmark app's body, and answering CPU-time queries.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { PLATFORMS, type PlatformMessage, type PlatformName } from './platform';

const BODY = JSON.stringify({ userId: null });

// Express gives each request and response a prototype of its application's (Object.setPrototypeOf),
// which V8 makes every later property access on them pay for: this server does only that.
const requestPrototype = Object.create(IncomingMessage.prototype) as object;
const responsePrototype = Object.create(ServerResponse.prototype) as object;

async function listen(platform: PlatformName): Promise<number> {
  if (platform === 'fastify') {
    const app = Fastify();
    app.get(
      '/public',
      (_request, reply) => void reply.header('content-type', 'application/json; charset=utf-8').send(BODY),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.server.address() as AddressInfo).port;
  }
  let server;
  if (platform === 'express') {
    const app = express();
    app.get('/public', (_request, response) => void response.type('json').send(BODY));
    server = createServer(app);
  } else {
    const swapPrototypes = platform !== 'node:http';
    server = createServer((request, response) => {
      if (swapPrototypes) {
        Object.setPrototypeOf(request, requestPrototype);
        Object.setPrototypeOf(response, responsePrototype);
      }
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(BODY);
    });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const platform = process.argv[2] as PlatformName;
  if (!PLATFORMS.includes(platform)) throw new Error(`unknown platform ${platform}`);
  const send = (message: PlatformMessage) => process.send!(message);
  send({ type: 'ready', port: await listen(platform) });
  process.on('message', (message: { type: 'cpu' | 'stop' }) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', microseconds: user + system });
    } else {
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
