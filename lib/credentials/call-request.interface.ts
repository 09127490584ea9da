/**
 * The object that carries the identity of a call: the HTTP request (also under GraphQL), the
 * WebSocket client, or the RPC context of a microservice message. Its fields belong to the
 * transport, so each one is checked where it is read; only the two an HTTP request has are named.
 */
export interface CallRequest {
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly method?: string;
  [key: string | symbol]: unknown;
}
