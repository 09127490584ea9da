import type { ExecutionContext, Type } from '@nestjs/common';

/**
 * A value computed once per handler (from its metadata, say) and read on every later call, so the
 * request path does no metadata lookups. Keyed by controller, then handler: the same method
 * inherited by two controllers may carry different class-level metadata.
 */
export class HandlerCache<T> {
  private readonly byController = new WeakMap<Type<unknown>, Map<Function, T>>();

  /** The value for the context's handler, computed by `compute` the first time it is asked for. */
  get(context: ExecutionContext, compute: (handler: Function, controller: Type<unknown>) => T): T {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.byController.get(controller);
    if (!byHandler) this.byController.set(controller, (byHandler = new Map()));
    if (byHandler.has(handler)) return byHandler.get(handler)!;
    const value = compute(handler, controller);
    byHandler.set(handler, value);
    return value;
  }
}
