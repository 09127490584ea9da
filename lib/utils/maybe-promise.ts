/** A value, or a promise of it: what a step returns when it can usually answer without waiting. */
export type MaybePromise<T> = T | Promise<T>;

/** Whether `value` is a promise, or any thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}

/**
 * `next(value)`: at once when `value` is already there, once it resolves when it is a promise.
 * Going on at once is the point: a request with a cached token and a synchronous GroupFinder then
 * passes the guard without a single promise or trip through the microtask queue (see the README's
 * Performance section for what that saves).
 */
export function whenResolved<T, R>(value: T | PromiseLike<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value);
}
