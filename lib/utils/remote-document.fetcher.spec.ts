import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fetchRemoteDocument, RemoteDocumentError } from './remote-document.fetcher';

const TLS = join(__dirname, '..', '..', 'test', 'fixtures', 'tls');
const LIMITS = { timeout: 5000, maxBytes: 65536 };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

describe('fetchRemoteDocument over TLS', () => {
  const answer = (_: unknown, response: { end(body: string): void }) => response.end('{}');
  // Its certificate comes from the fixtures' private CA, which this process does not trust.
  const privateCa = createHttpsServer(
    { key: readFileSync(join(TLS, 'server-key.pem')), cert: readFileSync(join(TLS, 'server.pem')) },
    answer,
  );
  const plain = createHttpServer(answer);
  let privateCaHost: string;
  let plainHost: string;

  beforeAll(async () => {
    [privateCaHost, plainHost] = await Promise.all([listen(privateCa), listen(plain)]);
  });
  afterAll(() => {
    privateCa.close();
    plain.close();
  });

  it('refuses a certificate of an untrusted CA with an error that names TLS and NODE_EXTRA_CA_CERTS', async () => {
    const failure = fetchRemoteDocument(new URL(`https://${privateCaHost}/jwks`), LIMITS);
    await expect(failure).rejects.toBeInstanceOf(RemoteDocumentError);
    await expect(failure).rejects.toMatchObject({
      reason: 'unavailable',
      message: expect.stringMatching(
        /^TLS: the server's certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*NODE_EXTRA_CA_CERTS/,
      ) as string,
    });
  });

  it('names TLS when the server does not speak it', async () => {
    const failure = fetchRemoteDocument(new URL(`https://${plainHost}/jwks`), LIMITS);
    await expect(failure).rejects.toMatchObject({
      reason: 'unavailable',
      message: expect.stringMatching(/^TLS: .*\(EPROTO\)$/) as string,
    });
  });

  it('leaves other network errors as they are', async () => {
    const closed = createHttpServer();
    const host = await listen(closed);
    closed.close();
    await expect(fetchRemoteDocument(new URL(`http://${host}/jwks`), LIMITS)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
