import { Logger } from '@nestjs/common';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { JwtAlgorithm } from './jwt-algorithm.constants';
import { JwtKeySet } from './jwt-key.set';
import type { JwsSignatureCheck } from './jws-signature.verifier';
import type { ResolvedJwksOptions } from './jwks.options';
import { JwksError, JwtTokenError } from './jwt-token.errors';
import { parseJwks } from './jwks-document.parser';

/**
 * The keys of an identity provider's JWK Set (`jwksUri`), fetched over HTTP(S) with node's own
 * client: cached, refreshed in the background once stale and at once when a token names a `kid` it
 * does not know, at most once per `cooldown`. A failed fetch (down, slow, malformed, too large, a
 * private key in the set) is logged and the last good set is kept.
 */
export class JwksClient {
  private readonly logger = new Logger('JwtAuth');
  private readonly abort = new AbortController();
  private keySet: JwtKeySet | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  private currentGeneration = 0;

  constructor(
    private readonly options: ResolvedJwksOptions,
    private readonly algorithms: readonly JwtAlgorithm[],
    private readonly clock: () => number,
  ) {}

  /** Bumped each time a fetch brings a set that differs from the one before (first fetch included). */
  get generation(): number {
    return this.currentGeneration;
  }

  /**
   * The signature check of the provider's key for a token's `kid` and `alg`, fetching the set when
   * it is missing or does not know the `kid` (within the cooldown); `undefined` when the provider
   * has no such key. Throws `JwtTokenError('keys_unavailable')` when no set could ever be fetched.
   */
  async find(kid: string | undefined, alg: JwtAlgorithm): Promise<JwsSignatureCheck | undefined> {
    const known = this.keySet?.find(kid, alg);
    if (known) {
      this.refreshIfStale();
      return known;
    }
    if (this.mayFetch()) await this.refresh();
    if (!this.keySet) throw new JwtTokenError('keys_unavailable');
    return this.keySet.find(kid, alg);
  }

  /**
   * Starts a background fetch when the set is older than `cacheMaxAge` (within the cooldown). Called
   * on every use of the set, the token cache's hits included: a cached verification must not keep a
   * withdrawn key trusted by never letting the set be refetched.
   */
  refreshIfStale(): void {
    if (this.keySet !== undefined && this.clock() - this.fetchedAt >= this.options.cacheMaxAge && this.mayFetch()) void this.refresh();
  }

  /** Stops a fetch in flight: for application shutdown. */
  close(): void {
    this.abort.abort();
  }

  private mayFetch(): boolean {
    return this.pending !== undefined || this.clock() - this.attemptedAt >= this.options.cooldown;
  }

  // One fetch at a time: concurrent requests wait for the same one.
  private refresh(): Promise<void> {
    this.pending ??= this.fetchKeySet().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchKeySet(): Promise<void> {
    this.attemptedAt = this.clock();
    try {
      const keySet = new JwtKeySet(parseJwks(await this.download(), this.algorithms));
      if (keySet.keys.length === 0) this.logger.warn(`JWKS at ${this.options.uri.origin} has no key usable with ${this.algorithms.join(', ')}`);
      if (keySet.fingerprint !== this.keySet?.fingerprint) this.currentGeneration++;
      this.keySet = keySet;
      this.fetchedAt = this.clock();
    } catch (error) {
      const reason = error instanceof JwksError ? `${error.reason}: ${error.message}` : `unavailable: ${(error as Error).message}`;
      this.logger.warn(
        `JWKS at ${this.options.uri.origin} refused (${reason}); ${this.keySet ? 'keeping the last good key set' : 'no key set yet'}`,
      );
    }
  }

  // GET the set: a 200 within the timeout and the size limit, or a JwksError. No redirects: the URI is configuration.
  private download(): Promise<string> {
    const { uri, timeout, maxBytes } = this.options;
    const send = uri.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<string>((resolve, reject) => {
      const request = send(uri, { method: 'GET', agent: false, signal: this.abort.signal, headers: { accept: 'application/json' } });
      const timer = setTimeout(() => fail(new JwksError('unavailable', `no answer within ${timeout} ms`)), timeout);
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
      const fail = (error: JwksError) => {
        settle(error);
        request.destroy(error);
      };
      request.on('error', (error) => settle(error));
      request.on('response', (response: IncomingMessage) => {
        if (response.statusCode !== 200) {
          response.resume();
          fail(new JwksError('unavailable', `HTTP status ${response.statusCode}`));
          return;
        }
        if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
          fail(new JwksError('too_large', `larger than ${maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail(new JwksError('too_large', `larger than ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')));
        response.on('error', (error) => settle(error));
      });
      request.end();
    });
  }
}
