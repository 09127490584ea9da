import type { ExecutionContext } from '@nestjs/common';
import type { CallRequest } from './call-request.interface';
import { ownField, type TokenReaders } from './token-readers.factory';

/**
 * What keeps the identity of a microservice message: its RPC context (`TcpContext`,
 * `NatsContext`...), which Nest creates for each message, or the call's arguments when the
 * transport gives none.
 */
export function getRpcCarrier(context: ExecutionContext): CallRequest {
  const rpcContext = context.switchToRpc().getContext<unknown>();
  return typeof rpcContext === 'object' && rpcContext !== null
    ? (rpcContext as CallRequest)
    : (context.getArgs<unknown[]>() as object as CallRequest);
}

/** The packet metadata of the message, where the transport has some (TCP and Redis on Nest 12). */
function metadataOf(rpcContext: unknown): unknown {
  const getMetadata = (rpcContext as { getMetadata?: unknown } | null)?.getMetadata;
  return typeof getMetadata === 'function' ? getMetadata.call(rpcContext) : undefined;
}

/**
 * The token of a microservice message: the configured header in the packet metadata first (set by
 * the client with `ClientProxy#setOnDispatchHook`, Nest 12), then the payload field
 * `rpcTokenField`.
 */
export function readRpcToken(context: ExecutionContext, readers: TokenReaders): string | undefined {
  const rpc = context.switchToRpc();
  const metadata = metadataOf(rpc.getContext());
  const fromMetadata =
    typeof metadata === 'object' && metadata !== null
      ? readers.header(metadata as Readonly<Record<string, unknown>>)
      : undefined;
  if (fromMetadata !== undefined) return fromMetadata;
  return readers.rpcTokenField === undefined
    ? undefined
    : readers.field(ownField(rpc.getData(), readers.rpcTokenField));
}
