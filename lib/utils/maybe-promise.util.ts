/** A value, or a promise of it: what a step returns when it can usually answer without waiting. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Whether `value` is a promise, or any thenable: the test a maybe-async step makes before it goes
 * on at once or continues in an `async` method. Typed so that each branch keeps its own type.
 */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null | undefined)?.then === 'function';
}
