import { isPromiseLike } from './maybe-promise.util';

describe('isPromiseLike', () => {
  it('recognises a native promise', () => {
    expect(isPromiseLike(Promise.resolve(1))).toBe(true);
  });

  it('recognises a thenable that is not a native promise', () => {
    const thenable: PromiseLike<number> = { then: (resolve) => Promise.resolve(resolve?.(1)) as never };
    expect(isPromiseLike(thenable)).toBe(true);
  });

  it.each([[1], ['text'], [null], [undefined], [{}], [[]], [{ then: 'not a function' }]])(
    'takes %p for a value',
    (value) => {
      expect(isPromiseLike(value)).toBe(false);
    },
  );
});
