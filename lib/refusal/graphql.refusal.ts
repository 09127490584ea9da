import type { HttpServer } from '@nestjs/common';
import { isGraphqlWsConnection } from '../credentials/graphql-ws.transport';
import type { DpopChallenge } from '../dpop/dpop-challenge.interface';
import { closeGraphqlWsConnection } from './graphql-ws.refusal';
import { QuietRefusal } from './quiet-refusal.exception';
import { isCredentialsRefusal, isServerFault } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';

/** The `extensions` of a refused GraphQL call's error. */
export interface GraphqlRefusalExtensions {
  /**
   * `UNAUTHENTICATED` (anonymous) or `FORBIDDEN` (a user without the permission or a scope), the codes Apollo
   * and most clients know; `INTERNAL_SERVER_ERROR` when the server's GroupFinder failed,
   * `SERVICE_UNAVAILABLE` when it did not answer in time, or while the revocations are out of date.
   */
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE';
  /** The {@link CallRefusalCode}. */
  readonly reason: CallRefusalCode;
  /**
   * For `dpop_nonce_required` with `dpop.nonce` on: the nonce to put in the next DPoP proof (RFC
   * 9449 §9), the value of the `DPoP-Nonce` header, here too because a GraphQL client reads errors,
   * not headers (and a browser only reads the header if CORS exposes it).
   */
  readonly dpopNonce?: string;
}

/**
 * A refused GraphQL call at the edge. graphql-js reports it as a `GraphQLError` with the refusal
 * table's message (never a library's or the GroupFinder's own) and its `extensions`: `code` (see
 * {@link GraphqlRefusalExtensions}) and `reason`, the refusal code. Not logged, and without a stack
 * (see `QuietRefusal`): a GroupFinder's fault is logged where it happens.
 */
export class GraphqlRefusal extends QuietRefusal {
  readonly extensions: GraphqlRefusalExtensions;

  /** `dpopNonce`: see {@link GraphqlRefusalExtensions.dpopNonce}. */
  constructor(code: CallRefusalCode, dpopNonce?: string) {
    super(code);
    this.name = 'GraphqlRefusal';
    this.stack = `${this.name}: ${this.message}`;
    this.extensions =
      dpopNonce === undefined
        ? { code: graphqlCodeOf(code), reason: code }
        : { code: graphqlCodeOf(code), reason: code, dpopNonce };
  }
}

/** Where a GraphQL refusal that asks for a DPoP nonce tells it: the operation's HTTP response. */
export interface GraphqlRefusalEdge {
  /** The operation's HTTP response (Express `res`, Fastify `reply`), when the GraphQL context reaches it. */
  readonly response: object | undefined;
  /** The application's HTTP adapter, which sets a header on Express and Fastify alike. */
  readonly adapter: HttpServer | undefined;
  /** With DPoP on, its challenge: `nonce` hands out the nonce when `dpop.nonce` is on. */
  readonly dpop: DpopChallenge | undefined;
}

/**
 * The error a refused GraphQL call is answered with: a {@link GraphqlRefusal}. When the call is a
 * subscription whose `graphql-ws` connection presented credentials that can never succeed (a bad,
 * expired or revoked token, a refused user), the connection is also closed with 4401 once the
 * error is sent: its `connection_init` cannot change, so it is not left open half-authenticated.
 * One refused because the revocations are out of date is closed with 1013 (Try Again Later): the
 * connection keeps that refusal as its identity, and the client's retry authenticates it anew.
 * A `dpop_nonce_required` refusal, with `dpop.nonce` on, carries the nonce the next proof needs
 * (RFC 9449 §9) in `extensions.dpopNonce`, and in the `DPoP-Nonce` header of the operation's HTTP
 * response when `edge` reaches it. No `WWW-Authenticate`: the operation answers 200 with errors.
 */
export function graphqlRefusal(code: CallRefusalCode, request?: unknown, edge?: GraphqlRefusalEdge): Error {
  if (
    (isCredentialsRefusal(code) || code === 'session_store_unavailable') &&
    isGraphqlWsConnection(request)
  ) {
    // The error reaches the client within the same chain of promises, before the next turn.
    setImmediate(() => closeGraphqlWsConnection(request, code));
  }
  const dpopNonce = code === 'dpop_nonce_required' ? edge?.dpop?.nonce?.() : undefined;
  if (dpopNonce !== undefined && edge?.response !== undefined)
    edge.adapter?.setHeader(edge.response, 'DPoP-Nonce', dpopNonce);
  return new GraphqlRefusal(code, dpopNonce);
}

function graphqlCodeOf(code: CallRefusalCode): GraphqlRefusalExtensions['code'] {
  if (code === 'permission_denied' || code === 'scope_missing') return 'FORBIDDEN';
  if (code === 'group_finder_timeout' || code === 'session_store_unavailable') return 'SERVICE_UNAVAILABLE';
  return isServerFault(code) ? 'INTERNAL_SERVER_ERROR' : 'UNAUTHENTICATED';
}
