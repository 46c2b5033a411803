// When checkpoints run: after every file while they are cheap; one at a time (files that end
// while one is saved are taken together when it lands); a costly correlation waits ten times
// its cost, the files finished meanwhile then saved together by a timer (never lost), and
// nothing after close. The correlation here is a stand-in returning the final files' names:
// what is under test is the scheduling, the real correlation is in checkpoint.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpoints, type CheckpointData } from '../../src/worker/app/checkpoint.ts';
import type { AlertBody } from '../../src/worker/app/model.ts';

function setup(costMs: number, hold = false) {
  let clock = 0;
  const saved: CheckpointData[] = [];
  /** With `hold`, a save of alerts lands when the test calls `land`. */
  const holding: (() => void)[] = [];
  const previews: number[] = [];
  const checkpoints = new Checkpoints({
    indexes: [0, 1, 2, 3],
    eventsBefore: 10,
    correlate: (final) => {
      clock += costMs;
      return [0, 1, 2, 3].filter(final).map((f) => ({ id: `a${f}` }) as AlertBody);
    },
    allFinal: () => true,
    save: async (data) => {
      saved.push(structuredClone(data));
      if (hold && data.alerts) await new Promise<void>((resolve) => holding.push(resolve));
    },
    onPreview: (alerts) => previews.push(alerts.length),
    now: () => clock,
  });
  return {
    checkpoints,
    saved,
    previews,
    tick: (ms: number) => (clock += ms),
    land: () => holding.shift()?.(),
  };
}

/** Lets a save that was started land (its promise chain settles). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('checkpoint scheduling', () => {
  afterEach(() => void vi.useRealTimers());

  it('saves after every file while cheap, with the events and what is not covered yet', async () => {
    const { checkpoints, saved, previews } = setup(1);
    await checkpoints.start();
    expect(checkpoints.fileDone(1, 5)).toBe(true);
    await settle();
    expect(checkpoints.fileDone(0, 7)).toBe(true);
    await checkpoints.close();
    expect(
      saved.map((s) => [s.alerts?.map((a) => a.id) ?? null, s.events, s.uncorrelated]),
    ).toEqual([
      [null, 10, [0, 1, 2, 3]],
      [['a1'], 15, [0, 2, 3]],
      [['a0', 'a1'], 22, [2, 3]],
    ]);
    expect(previews).toEqual([1, 2]);
    expect(checkpoints.saved).toBe(2);
  });

  it('a costly checkpoint holds the next back; the timer saves the files finished meanwhile', async () => {
    vi.useFakeTimers();
    const { checkpoints, saved, tick } = setup(100);
    await checkpoints.start();
    expect(checkpoints.fileDone(0, 1)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    tick(50);
    // Within ten times the last cost (1 s): no correlation now, the file is not lost.
    expect(checkpoints.fileDone(1, 1)).toBe(false);
    expect(checkpoints.fileDone(2, 1)).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toHaveLength(2);
    tick(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved.at(-1)?.alerts?.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    expect(saved.at(-1)?.uncorrelated).toEqual([3]);
    // Closed: a file ending later is not checkpointed (the scan's end saves everything).
    await checkpoints.close();
    expect(checkpoints.fileDone(3, 1)).toBe(false);
    expect(saved).toHaveLength(3);
  });

  it('saves one checkpoint at a time; the files that end meanwhile go in the next', async () => {
    vi.useFakeTimers();
    const { checkpoints, saved, tick, land } = setup(1, true);
    await checkpoints.start();
    expect(checkpoints.fileDone(0, 1)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toHaveLength(2);
    // Two files end while that checkpoint is being saved: nothing is correlated or queued.
    expect(checkpoints.fileDone(1, 1)).toBe(false);
    expect(checkpoints.fileDone(2, 1)).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saved).toHaveLength(2);
    // It lands after 30 ms; its correlation was cheap, so the next takes both at once.
    tick(30);
    land();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toHaveLength(3);
    expect(saved[2].alerts?.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    expect(saved[2].uncorrelated).toEqual([3]);
    land();
    await checkpoints.close();
  });
});
