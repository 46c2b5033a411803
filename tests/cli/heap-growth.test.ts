// The scan's hold on V8's young generation, in node processes of their own.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const child = new URL('./young-generation-child.ts', import.meta.url).pathname;

/** The new space (MiB) after allocating with no check, and the largest seen while checking. */
function newSpace(cap: string, nodeFlags: string[] = []): { before: number; largest: number } {
  const r = spawnSync('node', [...nodeFlags, '--import', 'tsx', child, cap], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const [before, largest] = r.stdout.trim().split(' ').map(Number);
  return { before, largest };
}

describe('youngGenerationCap', () => {
  it('holds the young generation below its cap, then lets it grow to the cap and no further', () => {
    // Without it, V8 grows it past, and already while nothing checks.
    const free = newSpace('none');
    expect(free.before).toBeGreaterThan(8);
    expect(free.largest).toBeGreaterThan(8);
    // Two semi-spaces of 4 MiB.
    const held = newSpace('4');
    expect(held.before).toBeLessThan(8);
    expect(held.largest).toBe(8);
  });

  it('leaves the young generation alone when the user sized it', () => {
    expect(newSpace('4', ['--max-semi-space-size=16']).largest).toBeGreaterThan(8);
  });
});

const workerChild = new URL('./worker-young-generation-child.ts', import.meta.url).pathname;

/** The largest new space (MiB) a worker thread saw, and this thread's after it. */
function withWorker(
  cap: string,
  after: boolean,
  nodeFlags: string[] = [],
): { worker: number; main: number } {
  const args = [...nodeFlags, '--import', 'tsx', workerChild, cap, ...(after ? ['after'] : [])];
  const r = spawnSync('node', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const [worker, main] = r.stdout.trim().split(' ').map(Number);
  return { worker, main };
}

describe('workerYoungGeneration and afterWorkersStart', () => {
  it("holds a worker thread's young generation at its cap; the main thread's hold, lost at the worker's start, is set again", () => {
    // The worker's start set the main thread's hold back: both grow past the cap.
    const free = withWorker('none', false);
    expect(free.worker).toBeGreaterThan(8);
    expect(free.main).toBeGreaterThan(8);
    const held = withWorker('4', true);
    expect(held.worker).toBe(8);
    expect(held.main).toBeLessThanOrEqual(4);
  });

  it('leaves them alone when the user sized the young generation', () => {
    const r = withWorker('4', true, ['--max-semi-space-size=16']);
    expect(r.worker).toBeGreaterThan(8);
    expect(r.main).toBeGreaterThan(8);
  });
});
