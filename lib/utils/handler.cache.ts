import type { ExecutionContext, Type } from '@nestjs/common';

/**
 * A value computed once per handler (from its metadata, say) and read on every later call, so the
 * request path does no metadata lookups. Keyed by controller, then handler: the same method
 * inherited by two controllers may carry different class-level metadata.
 */
export class HandlerCache<T> {
  private readonly byController = new WeakMap<Type<unknown>, Map<Function, T>>();

  /** @param compute the value for a handler, called the first time the handler is asked for. */
  constructor(private readonly compute: (handler: Function, controller: Type<unknown>) => T) {}

  /** The value for the context's handler. */
  get(context: ExecutionContext): T {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.byController.get(controller);
    if (!byHandler) this.byController.set(controller, (byHandler = new Map<Function, T>()));
    const known = byHandler.get(handler);
    if (known !== undefined || byHandler.has(handler)) return known!;
    const value = this.compute(handler, controller);
    byHandler.set(handler, value);
    return value;
  }
}
