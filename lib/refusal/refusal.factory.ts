import type { ExecutionContext, HttpServer } from '@nestjs/common';
import { getGraphqlResponse } from '../credentials/graphql.transport';
import { getCallType, getRequest, getResponse } from '../credentials/request-context.util';
import { graphqlRefusal } from './graphql.refusal';
import { httpRefusal } from './http.refusal';
import type { CallRefusalCode } from './refusal-code.interface';
import type { DpopChallenge } from '../dpop/dpop-challenge.interface';
import { rpcRefusal } from './rpc.refusal';
import { wsRefusal } from './ws.refusal';
import { usesDpopScheme } from '../dpop/dpop-request.util';

/** What the HTTP answer to a refusal needs beyond its code. */
export interface HttpRefusalEdge {
  /** The `realm` of the `WWW-Authenticate` challenge. */
  readonly realm: string;
  /** The application's HTTP adapter, which sets the challenge header on Express and Fastify alike. */
  readonly adapter: HttpServer | undefined;
  /** The URL of the protected resource metadata, named in 401 challenges; `undefined` without `resourceMetadata`. */
  readonly resourceMetadata?: string;
  /** With DPoP on, what its challenge needs: 401 answers then carry a `DPoP` challenge too. */
  readonly dpop?: DpopChallenge;
}

/**
 * The answer to a refusal in the call's own transport: the one place that maps a refusal code to
 * HTTP, GraphQL, WebSocket or microservice terms, so that the guard only asks for it. Over HTTP a
 * 401 (anonymous) or 403 (a user without the permission) with its `WWW-Authenticate` challenge
 * (RFC 6750 §3), 400 for more than one token, 403 for a failed CSRF check; under GraphQL a
 * `GraphqlRefusal` with `extensions.code` `UNAUTHENTICATED` or `FORBIDDEN` (a subscription's
 * `graphql-ws` connection closed when its token is bad; a DPoP nonce asked for told in
 * `extensions.dpopNonce` and the operation's `DPoP-Nonce` header); on a WebSocket a `WsException` (and the
 * socket disconnected when its token is bad); for a microservice message an `RpcException`. None
 * of them is logged by Nest as an error: a refusal is an expected outcome. `scopes`, for
 * `scope_missing`, are those the route requires (the HTTP challenge names them).
 */
export function refusalForCall(
  context: ExecutionContext,
  code: CallRefusalCode,
  http: HttpRefusalEdge,
  scopes?: readonly string[],
): Error {
  switch (getCallType(context)) {
    case 'graphql':
      return graphqlRefusal(code, getRequest(context), {
        response: getGraphqlResponse(context),
        adapter: http.adapter,
        dpop: http.dpop,
      });
    case 'ws':
      return wsRefusal(code, getRequest(context));
    case 'rpc':
      return rpcRefusal(code, context.getHandler());
    default:
      return httpRefusal(
        code,
        http.realm,
        getResponse(context),
        http.adapter,
        scopes,
        http.resourceMetadata,
        http.dpop,
        http.dpop !== undefined && usesDpopScheme(getRequest(context)),
      );
  }
}
