import { isPromiseLike, whenResolved } from './maybe-promise.util';

class Recorder {
  readonly calls: unknown[][] = [];
  step(value: number, a: string, b: boolean): string {
    this.calls.push([value, a, b]);
    return `${a}:${value * 2}`;
  }
}

describe('whenResolved', () => {
  it('calls the step at once, on its object and with its arguments, when the value is there', () => {
    const recorder = new Recorder();
    const result = whenResolved(21, recorder, recorder.step, 'x', true);
    expect(result).toBe('x:42');
    expect(isPromiseLike(result)).toBe(false);
    expect(recorder.calls).toEqual([[21, 'x', true]]);
  });

  it('calls the step once a promised value resolves, and returns a promise of its answer', async () => {
    const recorder = new Recorder();
    const result = whenResolved(Promise.resolve(5), recorder, recorder.step, 'y', false);
    expect(isPromiseLike(result)).toBe(true);
    expect(recorder.calls).toEqual([]);
    await expect(result).resolves.toBe('y:10');
    expect(recorder.calls).toEqual([[5, 'y', false]]);
  });

  it('lets a step that throws throw at once, and a rejected value reject without calling the step', async () => {
    const failing = () => {
      throw new Error('refused');
    };
    expect(() => whenResolved(1, undefined, failing)).toThrow('refused');
    const recorder = new Recorder();
    await expect(whenResolved(Promise.reject(new Error('late')), recorder, recorder.step, 'z', true)).rejects.toThrow('late');
    expect(recorder.calls).toEqual([]);
  });
});
