// A cancel stops the scan's waiting at once, whatever it waited for (a whole-file digest).
import { describe, expect, it } from 'vitest';
import { unlessAborted } from '../../src/worker/app/abortable.ts';

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('unlessAborted', () => {
  it('gives the value when the work ends first', async () => {
    expect(await unlessAborted(after(5, 'done'), new AbortController().signal)).toBe('done');
  });

  it('gives undefined as soon as the signal aborts, not when the work ends', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = unlessAborted(after(2_000, 'late'), controller.signal);
    setTimeout(() => controller.abort(), 10);
    expect(await waiting).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('gives undefined at once for a signal aborted already, and passes errors on', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await unlessAborted(Promise.reject(new Error('x')), controller.signal)).toBeUndefined();
    await expect(
      unlessAborted(Promise.reject(new Error('unreadable')), new AbortController().signal),
    ).rejects.toThrow('unreadable');
  });
});
