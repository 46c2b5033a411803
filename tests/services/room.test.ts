// The closing records of a stop on a full storage (room.ts): a quota refusal makes room (the
// sink's sweep, then its newest chunks) and tries again; anything else, or no room left to
// make, is the caller's error.
// The browser's own quota is tests/store/room.spec.ts.
import { describe, expect, it } from 'vitest';
import { closingRecords, stopFull, withRoom } from '../../src/worker/app/room.ts';

const quota = () => new DOMException('refused', 'QuotaExceededError');

/** A write refused `times` times, then done; and a store of `chunks` chunks to let go. */
function setup(times: number, chunks: number) {
  const calls = { writes: 0, released: 0 };
  const write = async () => {
    calls.writes++;
    if (calls.writes <= times) throw quota();
    return 'written';
  };
  const release = async () => {
    if (calls.released >= chunks) return false;
    calls.released++;
    return true;
  };
  return { calls, write, release };
}

describe('withRoom', () => {
  it('makes room once per refusal, then writes', async () => {
    const { calls, write, release } = setup(2, 5);
    await expect(withRoom(write, release)).resolves.toBe('written');
    expect(calls).toEqual({ writes: 3, released: 2 });
  });

  it('with nothing left to let go, rejects with the refusal', async () => {
    const { calls, write, release } = setup(9, 2);
    await expect(withRoom(write, release)).rejects.toMatchObject({
      name: 'QuotaExceededError',
    });
    expect(calls).toEqual({ writes: 3, released: 2 });
  });

  it('lets nothing go for an error that is not a full storage', async () => {
    let released = 0;
    const write = () => Promise.reject(new Error('disk on fire'));
    await expect(
      withRoom(write, async () => {
        released++;
        return true;
      }),
    ).rejects.toThrow('disk on fire');
    expect(released).toBe(0);
  });
});

describe('closingRecords', () => {
  it('makes room only after a stop on a full storage', async () => {
    const after = setup(1, 5);
    await expect(closingRecords(true, after.release)(after.write)).resolves.toBe('written');
    expect(after.calls.released).toBe(1);
    const otherwise = setup(1, 5);
    await expect(closingRecords(false, otherwise.release)(otherwise.write)).rejects.toMatchObject({
      name: 'QuotaExceededError',
    });
    expect(otherwise.calls.released).toBe(0);
  });

  it('the outcome says how many events were let go, and nothing when none were', () => {
    const full = { usage: 1, quota: 2, choice: 'stop' as const };
    expect(stopFull(full, 0)).toEqual(full);
    expect(stopFull(full, 2_000)).toEqual({ ...full, released: 2_000 });
  });
});
