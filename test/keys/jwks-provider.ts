// Test helper: a real JWKS server on loopback (127.0.0.1, a free port), whose answer each test sets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the provider does with the next requests. */
export type ProviderAnswer =
  | { kind: 'json'; body: unknown; status?: number; chunked?: boolean }
  | { kind: 'text'; body: string; status?: number }
  | { kind: 'hang' };

/** An identity provider's JWKS endpoint, for tests. */
export class JwksProvider {
  /** Requests received so far. */
  hits = 0;
  answer: ProviderAnswer = { kind: 'json', body: { keys: [] } };
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening (on `port`, else a free one); resolves to the JWKS URL. */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  /** Serves `keys` as a JWK Set. */
  serve(...keys: object[]): void {
    this.answer = { kind: 'json', body: { keys } };
  }

  /** Stops listening and drops open connections (a hanging request included). */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(_request: IncomingMessage, response: ServerResponse): void {
    this.hits++;
    const answer = this.answer;
    if (answer.kind === 'hang') return;
    const body = answer.kind === 'json' ? JSON.stringify(answer.body) : answer.body;
    response.statusCode = answer.status ?? 200;
    response.setHeader('content-type', 'application/json');
    if (answer.kind === 'json' && answer.chunked) {
      // No content-length: the size is only known by reading.
      for (let i = 0; i < body.length; i += 1024) response.write(body.slice(i, i + 1024));
      response.end();
      return;
    }
    response.setHeader('content-length', Buffer.byteLength(body));
    response.end(body);
  }
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function unreachableUrl(): Promise<string> {
  const provider = new JwksProvider();
  const url = await provider.start();
  await provider.stop();
  return url;
}

/** Resolves once `condition` holds, checking every few milliseconds (for background work). */
export async function eventually(condition: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition never held');
}
