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

/**
 * RFC 6750 §3: no credentials → 401 with a bare `Bearer realm`; a bad token or an unknown user →
 * 401 `invalid_token`; more than one token → 400 `invalid_request` (§3.1); authenticated but not
 * permitted → 403 `insufficient_scope`, naming the route's `scopes` when a scope is missing. Revocations out of date past `sessions.maxStaleness` → 503
 * without a challenge. A failed CSRF check → 403 without a challenge: the
 * credentials are fine, the request did not prove the app sent it, and logging in again won't help.
 * A GroupFinder that failed → 500, or 503 when it did not answer in time, without a challenge
 * either: the fault is the server's, and the body says only which (the log says the rest).
 * `resourceMetadata`, the URL of the protected resource metadata, is named in every 401 challenge
 * (RFC 9728 §5.1), so that a client learns there which authorization server to ask for a token.
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
  if (code === 'scope_missing') {
    // §3.1: the scopes the resource needs, space-separated (each checked by @Scopes() to need no escaping).
    return {
      header: `Bearer realm="${realm}", error="insufficient_scope", error_description="${message}", scope="${(scopes ?? []).join(' ')}"`,
      exception: new ForbiddenException({ statusCode: 403, error: 'Forbidden', code, message }),
    };
  }
  if (code === 'group_finder_timeout') {
    return {
      header: undefined,
      exception: new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        code,
        message,
      }),
    };
  }
  if (code === 'group_finder_failed' || code === 'group_finder_faulty') {
    return {
      header: undefined,
      exception: new InternalServerErrorException({
        statusCode: 500,
        error: 'Internal Server Error',
        code,
        message,
      }),
    };
  }
  if (code === 'token_ambiguous') {
    return {
      header: `Bearer realm="${realm}", error="invalid_request", error_description="${message}"`,
      exception: new BadRequestException({ statusCode: 400, error: 'Bad Request', code, message }),
    };
  }
  if (code === 'csrf_missing' || code === 'csrf_invalid') {
    return {
      header: undefined,
      exception: new ForbiddenException({ statusCode: 403, error: 'Forbidden', code, message }),
    };
  }
  if (code === 'session_store_unavailable') {
    // Not the credentials' fault: no challenge, and the client should retry, not log in again.
    return {
      header: undefined,
      exception: new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        code,
        message,
      }),
    };
  }
  if (code === 'permission_denied') {
    return {
      header: `Bearer realm="${realm}", error="insufficient_scope", error_description="${message}"`,
      exception: new ForbiddenException({ statusCode: 403, error: 'Forbidden', code, message }),
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
