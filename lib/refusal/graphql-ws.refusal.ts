import { graphqlWsSocketOf, type GraphqlWsConnection } from '../credentials/graphql-ws.transport';
import { isServerFault } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';
import { WS_CLOSE_UNAUTHORIZED } from './ws.refusal';

/**
 * The close code of a `graphql-ws` connection whose user lacks the permission to connect: 4403,
 * `graphql-ws`'s own `Forbidden`. Its clients retry after it (a permission may be granted), while
 * they give up after {@link WS_CLOSE_UNAUTHORIZED} (4401) until the application connects again
 * with a new token.
 */
export const WS_CLOSE_FORBIDDEN = 4403;

// RFC 6455 §7.4.1 codes for the server's own faults: its GroupFinder failed (1011, Internal
// Error), or did not answer in time, or its revocations are out of date (1013, Try Again Later,
// which graphql-ws clients retry, unlike 4401).
const WS_CLOSE_INTERNAL_ERROR = 1011;
const WS_CLOSE_TRY_AGAIN_LATER = 1013;

const WS_OPEN = 1;

/** A socket of the `ws` package, as far as closing it goes. */
interface ClosableSocket {
  readonly readyState: number;
  close(code: number, reason: string): void;
}

function isClosableSocket(socket: unknown): socket is ClosableSocket {
  const candidate = socket as Partial<ClosableSocket> | null;
  return typeof candidate?.readyState === 'number' && typeof candidate.close === 'function';
}

/**
 * The close code of a refused `graphql-ws` connection: 4403 for a user without the permission;
 * 1013 when the server's GroupFinder did not answer in time or its revocations are out of date
 * for longer than `sessions.maxStaleness` (`session_store_unavailable`); 1011 when the GroupFinder
 * failed; 4401 otherwise (a revoked token included).
 */
export function graphqlWsCloseCode(code: CallRefusalCode): number {
  if (code === 'permission_denied') return WS_CLOSE_FORBIDDEN;
  if (code === 'group_finder_timeout' || code === 'session_store_unavailable')
    return WS_CLOSE_TRY_AGAIN_LATER;
  return isServerFault(code) ? WS_CLOSE_INTERNAL_ERROR : WS_CLOSE_UNAUTHORIZED;
}

/**
 * Closes a refused `graphql-ws` connection with {@link graphqlWsCloseCode} and the refusal code as
 * the reason, which `graphql-ws` clients receive as the close event. Answers whether it found an
 * open socket to close (none under a server other than Nest's `graphql-ws/use/ws`).
 */
export function closeGraphqlWsConnection(connection: GraphqlWsConnection, code: CallRefusalCode): boolean {
  const socket = graphqlWsSocketOf(connection);
  if (!isClosableSocket(socket) || socket.readyState !== WS_OPEN) return false;
  socket.close(graphqlWsCloseCode(code), code);
  return true;
}
