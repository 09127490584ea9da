import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { createCookieTokenExtractor, type CookieTokenExtractor } from './cookie-token.extractor';
import { createHeaderTokenExtractor, type HeaderTokenExtractor } from './header-token.extractor';
import { createRepeatedHeaderDetector, type RepeatedHeaderDetector } from './repeated-header.detector';

/** Reads a token out of a field's value: a bare token, or `undefined` when there is none. */
export type FieldTokenReader = (value: unknown) => string | undefined;

/** Everything that reads a raw token, for every transport, built once at start-up from the options. */
export interface TokenReaders {
  /** The token of a set of headers: an HTTP request's, a WebSocket handshake's, RPC metadata. */
  readonly header: HeaderTokenExtractor;
  /** Whether an HTTP request sends the token header more than once (ambiguous, RFC 6750 §3.1). */
  readonly repeatedHeader: RepeatedHeaderDetector;
  /** The name of the header {@link header} reads (`httpHeader`), lower-cased. */
  readonly headerName: string;
  /** The values of the token cookie in a set of headers; `undefined` when cookie mode is off. */
  readonly cookie: CookieTokenExtractor | undefined;
  /** The token of a field that is not a header: socket.io `auth`, a query parameter, an RPC payload field. */
  readonly field: FieldTokenReader;
  /** The socket.io handshake `auth` field that carries the token, if any. */
  readonly wsAuthField: string | undefined;
  /** The handshake query parameter that carries the token, if any. */
  readonly wsQueryParam: string | undefined;
  /** The RPC payload field that carries the token, if any. */
  readonly rpcTokenField: string | undefined;
  /** The token of `Authorization: DPoP <token>`; `undefined` when DPoP is off. */
  readonly dpop: HeaderTokenExtractor | undefined;
}

/**
 * A field holds the bare token, or `<scheme> <token>` with a scheme of `authTypes` (so a client may
 * send the same `Bearer ...` string it sends over HTTP). Any other value carries no token.
 */
export function createFieldTokenReader(authTypes: ReadonlySet<string>): FieldTokenReader {
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const text = value.trim();
    const space = text.indexOf(' ');
    // A scheme alone ('Bearer') is no token, as in the header.
    if (space < 0) return text === '' || authTypes.has(text.toLowerCase()) ? undefined : text;
    if (!authTypes.has(text.slice(0, space).toLowerCase())) return undefined;
    const token = text.slice(space + 1).trim();
    return token === '' ? undefined : token;
  };
}

// RFC 9449 §7.1: a bound token is sent under its own scheme, never as Bearer.
const DPOP_SCHEME: ReadonlySet<string> = new Set(['dpop']);

/** Builds the token readers of every transport from the resolved options. */
export function createTokenReaders(options: ResolvedJwtAuthOptions): TokenReaders {
  return Object.freeze({
    header: createHeaderTokenExtractor(options.httpHeader, options.authTypes),
    repeatedHeader: createRepeatedHeaderDetector(options.httpHeader),
    headerName: options.httpHeader,
    cookie: options.cookie ? createCookieTokenExtractor(options.cookie.name) : undefined,
    field: createFieldTokenReader(options.authTypes),
    wsAuthField: options.wsAuthField,
    wsQueryParam: options.wsQueryParam,
    rpcTokenField: options.rpcTokenField,
    dpop: options.dpop ? createHeaderTokenExtractor('authorization', DPOP_SCHEME) : undefined,
  });
}

/** The value of an own property of `source`, never one inherited from its prototype. */
export function ownField(source: unknown, name: string): unknown {
  return typeof source === 'object' && source !== null && Object.prototype.hasOwnProperty.call(source, name)
    ? (source as Record<string, unknown>)[name]
    : undefined;
}
