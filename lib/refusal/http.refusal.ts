import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  ServiceUnavailableException,
  UnauthorizedException,
  type HttpServer,
} from '@nestjs/common';
import { REFUSAL_MESSAGES } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';
import { isDpopRefusal } from '../dpop/dpop-refusal.constants';
import type { DpopChallenge } from '../dpop/dpop-challenge.interface';

/** A refused request at the edge: the status, the `WWW-Authenticate` challenge and the exception. */
export interface Challenge {
  /** The `WWW-Authenticate` header value (RFC 6750 §3), or `undefined` when no challenge applies. */
  readonly header: string | undefined;
  /** The exception whose JSON body carries `statusCode`, `error`, `code` and `message`. */
  readonly exception: HttpException;
}

// The status, and reason phrase, of each answer that is not a 401.
const EXCEPTIONS = {
  400: [BadRequestException, 'Bad Request'],
  403: [ForbiddenException, 'Forbidden'],
  500: [InternalServerErrorException, 'Internal Server Error'],
  503: [ServiceUnavailableException, 'Service Unavailable'],
} as const;

/** How a refusal that is not a 401 is answered: its status, and the `error` of its Bearer challenge. */
interface HttpAnswer {
  readonly status: keyof typeof EXCEPTIONS;
  /** RFC 6750 §3.1's error code; without one, no challenge: the credentials are not at fault. */
  readonly bearerError?: 'invalid_request' | 'insufficient_scope';
}

// Every other code is a 401 (see challengeFor).
const ANSWERS: Readonly<Partial<Record<CallRefusalCode, HttpAnswer>>> = {
  token_ambiguous: { status: 400, bearerError: 'invalid_request' },
  permission_denied: { status: 403, bearerError: 'insufficient_scope' },
  scope_missing: { status: 403, bearerError: 'insufficient_scope' },
  // The request did not prove the app sent it: logging in again won't help.
  csrf_missing: { status: 403 },
  csrf_invalid: { status: 403 },
  // The server's fault: the body says only which (the log says the rest).
  group_finder_failed: { status: 500 },
  group_finder_faulty: { status: 500 },
  group_finder_timeout: { status: 503 },
  // The client should retry, not log in again.
  session_store_unavailable: { status: 503 },
};

/** The exception of a refusal answered with `status`, its body `{ statusCode, error, code, message }`. */
function exceptionOf(status: HttpAnswer['status'], code: CallRefusalCode, message: string): HttpException {
  const [Exception, error] = EXCEPTIONS[status];
  return new Exception({ statusCode: status, error, code, message });
}

/**
 * The HTTP answer to a refusal (RFC 6750 §3): as {@link ANSWERS} says (more than one token → 400
 * `invalid_request`; authenticated but not permitted → 403 `insufficient_scope`, naming the route's
 * `scopes` when a scope is missing; a failed CSRF check, a GroupFinder or a session store that failed
 * → 403, 500 or 503 without a challenge), else 401: a bare `Bearer realm` without credentials,
 * `invalid_token` for a bad token or an unknown user. `resourceMetadata`, the URL of the protected
 * resource metadata, is named in every 401 challenge (RFC 9728 §5.1), so that a client learns there
 * which authorization server to ask for a token.
 * With `dpop` (DPoP on), the 401 of a DPoP request (`dpopRequest`: it used the `DPoP` scheme) is a
 * `DPoP` challenge (`invalid_dpop_proof`, `use_dpop_nonce` or `invalid_token`, with `algs`) followed
 * by a bare `Bearer` one, and every other 401 offers `DPoP` after `Bearer` (RFC 9449 §7.1, §7.2).
 */
export function challengeFor(
  code: CallRefusalCode,
  realm: string,
  scopes?: readonly string[],
  resourceMetadata?: string,
  dpop?: DpopChallenge,
  dpopRequest = false,
): Challenge {
  const message = REFUSAL_MESSAGES[code];
  const answer = ANSWERS[code];
  if (answer !== undefined) {
    // §3.1: a missing scope names those the resource needs (each checked by @Scopes() to need no escaping).
    const scope = code === 'scope_missing' ? `, scope="${(scopes ?? []).join(' ')}"` : '';
    return {
      header:
        answer.bearerError === undefined
          ? undefined
          : `Bearer realm="${realm}", error="${answer.bearerError}", error_description="${message}"${scope}`,
      exception: exceptionOf(answer.status, code, message),
    };
  }
  const exception = new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code, message });
  // The URL is checked at start-up to need no escaping in a quoted string.
  const metadata = resourceMetadata === undefined ? '' : `, resource_metadata="${resourceMetadata}"`;
  if (
    dpop !== undefined &&
    ((isDpopRefusal(code) && code !== 'dpop_bound_token') || (dpopRequest && code !== 'token_missing'))
  ) {
    // RFC 9449 §7.1: a DPoP request's refusal is told in the DPoP scheme, with the algorithms it
    // takes; §7.2: Bearer is offered after it, as it is still accepted for unbound tokens.
    return {
      header: `DPoP realm="${realm}", error="${dpopErrorOf(code)}", error_description="${message}", algs="${dpop.algs}"${metadata}, Bearer realm="${realm}"`,
      exception,
    };
  }
  // §7.2: with DPoP on, every 401 also offers the DPoP scheme, so a client learns it may use it.
  const offerDpop = dpop === undefined ? '' : `, DPoP realm="${realm}", algs="${dpop.algs}"`;
  if (code === 'token_missing') {
    // §3.1: a request without credentials gets no error code.
    return { header: `Bearer realm="${realm}"${metadata}${offerDpop}`, exception };
  }
  return {
    header: `Bearer realm="${realm}", error="invalid_token", error_description="${message}"${metadata}${offerDpop}`,
    exception,
  };
}

/**
 * The `error` of a DPoP request's challenge (RFC 9449 §7.1, §9): `use_dpop_nonce` when the proof
 * lacks a current nonce, `invalid_dpop_proof` for any other problem of the proof, and
 * `invalid_token` for the token's (not bound to the proof's key, expired, invalid, revoked).
 */
function dpopErrorOf(code: CallRefusalCode): string {
  if (code === 'dpop_nonce_required') return 'use_dpop_nonce';
  if (isDpopRefusal(code) && code !== 'dpop_key_mismatch') return 'invalid_dpop_proof';
  return 'invalid_token';
}

/**
 * A refused HTTP call at the edge (GraphQL over HTTP aside): the exception to throw, with its
 * `WWW-Authenticate` challenge set on `response` through the HTTP adapter, which knows whether it is
 * Express's `res` or Fastify's `reply`.
 */
export function httpRefusal(
  code: CallRefusalCode,
  realm: string,
  response: unknown,
  adapter: HttpServer | undefined,
  scopes?: readonly string[],
  resourceMetadata?: string,
  dpop?: DpopChallenge,
  dpopRequest = false,
): HttpException {
  const challenge = challengeFor(code, realm, scopes, resourceMetadata, dpop, dpopRequest);
  if (challenge.header !== undefined) adapter?.setHeader(response, 'WWW-Authenticate', challenge.header);
  // RFC 9449 §9: the nonce the client must put in its next proof.
  if (code === 'dpop_nonce_required' && dpop?.nonce !== undefined)
    adapter?.setHeader(response, 'DPoP-Nonce', dpop.nonce());
  return challenge.exception;
}
