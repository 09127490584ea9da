import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** What {@link rawGet} received. */
export interface RawResponse {
  readonly status: number;
  /** The response's headers, by lower-cased name (the last line of a repeated one). */
  readonly headers: Record<string, string>;
  readonly body: any;
}

/**
 * Sends `GET path` with exactly the header lines given, spelled as given (an HTTP client would
 * merge or re-case them), and resolves with the status, the headers and the JSON body (Nest sends
 * JSON with a `Content-Length`, not chunked). Listens on a free loopback port for the one request.
 */
export async function rawGet(
  server: Server,
  path: string,
  headerLines: readonly string[],
): Promise<RawResponse> {
  const ownListener = !server.listening;
  if (ownListener) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...headerLines, 'Connection: close'];
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      });
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    const [head, body] = text.split('\r\n\r\n', 2);
    const [statusLine, ...fields] = head.split('\r\n');
    const headers: Record<string, string> = {};
    for (const field of fields) {
      const colon = field.indexOf(':');
      headers[field.slice(0, colon).toLowerCase()] = field.slice(colon + 1).trim();
    }
    return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
  } finally {
    if (ownListener) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
