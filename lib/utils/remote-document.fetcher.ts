import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Limits on one fetch of a provider's document (discovery document, JWK Set). */
export interface RemoteDocumentLimits {
  /** Give up after this many milliseconds, connection and body together. */
  readonly timeout: number;
  /** Refuse a body larger than this many bytes, whether `content-length` says so or the bytes do. */
  readonly maxBytes: number;
  /** Aborts the fetch (application shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * Why a document could not be fetched, with a stable `reason`: `unavailable` (network error,
 * timeout, a status other than 200, a redirect) or `too_large` (over `maxBytes`).
 */
export class RemoteDocumentError extends Error {
  override readonly name = 'RemoteDocumentError';

  constructor(
    /** Why the fetch failed. */
    readonly reason: 'unavailable' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

// The certificate chain did not lead to a CA Node trusts: most often a provider behind a private CA.
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * A TLS failure as a {@link RemoteDocumentError} whose message names TLS and the fix, or `undefined`
 * for any other error: Node's own messages ("self-signed certificate in certificate chain") do not
 * say what to do, and an operator reads them in a log line about discovery or keys.
 */
function tlsFailure(error: Error): RemoteDocumentError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return undefined;
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return new RemoteDocumentError(
      'unavailable',
      `TLS: the server's certificate is not trusted (${code}: ${error.message}); if the provider's certificate ` +
        'comes from a private CA, start Node with NODE_EXTRA_CA_CERTS=<that CA certificate, PEM>',
    );
  }
  if (/^(CERT_|ERR_TLS_|ERR_SSL_)/.test(code) || code === 'EPROTO') {
    return new RemoteDocumentError('unavailable', `TLS: ${error.message.trim()} (${code})`);
  }
  return undefined;
}

/**
 * GETs `url` with node's own client and resolves to its body as text: a 200 within `timeout` and
 * `maxBytes`, else a {@link RemoteDocumentError} (a TLS failure included, named as such) or the
 * network's own error. Never follows a redirect: the URL is configuration, or was checked against
 * it, and a redirect could lead anywhere.
 */
export function fetchRemoteDocument(url: URL, limits: RemoteDocumentLimits): Promise<string> {
  const { timeout, maxBytes, signal } = limits;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<string>((resolve, reject) => {
    const request = send(url, {
      method: 'GET',
      agent: false,
      signal,
      headers: { accept: 'application/json' },
    });
    const timer = setTimeout(
      () => fail(new RemoteDocumentError('unavailable', `no answer within ${timeout} ms`)),
      timeout,
    );
    // The first outcome wins: destroying the request makes Node (24 and later) emit an 'aborted'
    // error on the response too, which must not replace the reason the request was destroyed for.
    let settled = false;
    const settle = (error: Error | undefined, text?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(text!);
    };
    const fail = (error: RemoteDocumentError) => {
      settle(error);
      request.destroy(error);
    };
    request.on('error', (error) => settle(tlsFailure(error) ?? error));
    request.on('response', (response: IncomingMessage) => {
      if (response.statusCode !== 200) {
        response.resume();
        fail(new RemoteDocumentError('unavailable', `HTTP status ${response.statusCode}`));
        return;
      }
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
        fail(new RemoteDocumentError('too_large', `larger than ${maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(new RemoteDocumentError('too_large', `larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')));
      response.on('error', (error) => settle(error));
    });
    request.end();
  });
}
