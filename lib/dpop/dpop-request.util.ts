import type { CallRequest } from '../credentials/call-request.interface';
import { normalizeHtu } from './dpop-proof.verifier';

/**
 * The one `DPoP` proof header of a request, or `undefined` when it has none or several: Node joins
 * a repeated header with commas, which no compact JWS contains.
 */
export function readDpopProof(request: CallRequest): string | undefined {
  const value = request.headers?.dpop;
  if (typeof value !== 'string') return undefined;
  const proof = value.trim();
  return proof === '' || proof.includes(',') ? undefined : proof;
}

/** Whether a request presents its token with the `DPoP` scheme: its refusal is then told in that scheme. */
export function usesDpopScheme(request: CallRequest): boolean {
  const authorization = request.headers?.authorization;
  return typeof authorization === 'string' && /^\s*dpop\s/i.test(authorization);
}

/**
 * The URL a proof's `htu` must name for this request, normalised as {@link normalizeHtu} does:
 * `origin` when configured, else the request's protocol (Express's `req.protocol` and Fastify's
 * `request.protocol` follow their own proxy settings) and `Host` header; then the path the client
 * asked for (Express's `originalUrl`, so a router's mount point stays in), without the query.
 */
export function requestHtu(request: CallRequest, origin: string | undefined): string | undefined {
  const target = typeof request.originalUrl === 'string' ? request.originalUrl : request.url;
  if (typeof target !== 'string' || !target.startsWith('/')) return undefined;
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  // `//host/path` as a request target would otherwise be read as another host.
  if (path.startsWith('//')) return undefined;
  if (origin !== undefined) return normalizeHtu(`${origin}${path}`);
  const host = request.headers?.host;
  // A host and port only: anything that would add a path, a query or user info is no Host.
  if (typeof host !== 'string' || host === '' || /[/?#@\\\s]/.test(host)) return undefined;
  return normalizeHtu(`${protocolOf(request)}://${host}${path}`);
}

function protocolOf(request: CallRequest): 'http' | 'https' {
  const protocol = request.protocol;
  if (protocol === 'https' || protocol === 'http') return protocol;
  const socket = (request.socket ?? (request.raw as CallRequest | undefined)?.socket) as
    { encrypted?: unknown } | undefined;
  return socket?.encrypted === true ? 'https' : 'http';
}
