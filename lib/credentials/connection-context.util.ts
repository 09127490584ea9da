import type { ExecutionContext } from '@nestjs/common';

// The contexts made for a connection being authenticated outside any message or operation.
const connectionContexts = new WeakSet<ExecutionContext>();

/**
 * Marks `context` as a connection's (see `graphqlWsConnectionContext`, `wsConnectionContext`): it
 * has no handler or class, so those who describe a call must not ask it for them.
 */
export function markConnectionContext(context: ExecutionContext): ExecutionContext {
  connectionContexts.add(context);
  return context;
}

/** Whether `context` was made for a connection being authenticated, rather than by Nest for a call. */
export function isConnectionContext(context: ExecutionContext): boolean {
  return connectionContexts.has(context);
}
