// A scan's heap is mostly garbage, not data: parsed events die within a batch, and what is
// kept (candidates in columns, compiled rules) is tens of MB. V8 nonetheless lets the old
// generation grow to up to four times what survived its last full collection before
// collecting again, and that slack, not the data, set the scan's peak RSS (all 954 EQL rules
// over 100k events: ~80 MB live, ~420 MB peak). Growing to twice what survived held the
// Windows rules over 1M events at 308 MB instead of 418 MB for the same CPU (150%: 345 MB;
// bench/README.md, issue 13).
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const FLAG = 'heap-growing-percent';

/** Whether the user gave node one of these V8 flags (NODE_OPTIONS or node's own arguments). */
const userSet = (...flags: string[]) =>
  [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
    flags.some((f) => a.includes(f) || a.includes(f.replaceAll('-', '_'))),
  );

/** Sets V8's heap growth for this process, unless the user set it (NODE_OPTIONS or node flags). */
export function limitHeapGrowth(percent: number): void {
  if (!userSet(FLAG)) setFlagsFromString(`--${FLAG}=${percent}`);
}

// The young generation: V8 doubles its two semi-spaces (from 1 MiB each) while much survives
// a scavenge, up to 16 MiB each, 32 MiB in all, on a 64-bit machine. A scan's parsed events
// die within their batch, so the last doublings buy little, and `--max-semi-space-size` is
// read only when the process starts (setting it later changes nothing). The growth factor is
// read at each growth, though: 1 stops the doubling where it is.
// All 954 Elastic EQL rules over 1M events: 4 MiB semi-spaces took ~25 MiB off the peak RSS;
// with the scan's small batches (scan-collect.ts) for no more CPU (bench/README.md, issue 13).

/**
 * Holds the young generation below `semiSpaceMiB` per semi-space from now on, and returns a
 * check to call after each batch of events (it costs a look at V8's heap spaces): the first
 * one lets it grow again, and the first one to see it at the cap stops it there. Compiling a
 * large rule set doubles it several times between two checks, hence the hold before.
 * Does nothing if the user gave a flag of the young generation's size. Starting a worker
 * thread sets V8's flags back to their defaults (Node 20), this one and heap growth's:
 * see afterWorkersStart.
 */
export function youngGenerationCap(semiSpaceMiB: number): () => void {
  if (userSet('semi-space-size', 'semi-space-growth-factor')) return () => {};
  const cap = 2 * semiSpaceMiB * 2 ** 20;
  // new_space counts both semi-spaces.
  const below = () =>
    (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? cap) < cap;
  setFlagsFromString('--semi-space-growth-factor=1');
  let held = !below();
  let growing = false;
  return () => {
    if (held) return;
    if (!below()) {
      setFlagsFromString('--semi-space-growth-factor=1');
      held = true;
    } else if (!growing) {
      // V8's default, which the user did not change.
      setFlagsFromString('--semi-space-growth-factor=2');
      growing = true;
    }
  };
}

/**
 * The resource limits that hold a worker thread's young generation at `semiSpaceMiB` per
 * semi-space (`Worker`'s `maxYoungGenerationSizeMb` counts V8's new large-object space too,
 * as large as one semi-space: 3 × 4 MiB gives 4 MiB semi-spaces). A worker grows its young
 * generation to this limit whatever the growth factor youngGenerationCap sets for the main
 * thread. None if the user sized the young generation.
 */
export function workerYoungGeneration(semiSpaceMiB: number): { maxYoungGenerationSizeMb?: number } {
  if (userSet('semi-space-size', 'semi-space-growth-factor')) return {};
  return { maxYoungGenerationSizeMb: 3 * semiSpaceMiB };
}

/**
 * Starting a worker thread sets V8's flags back to their defaults (Node 20: a flag set by
 * setFlagsFromString is gone once a Worker starts). Call this once the workers have grown
 * their young generation to their limit (they have each read a unit): heap growth is limited
 * again for every thread, and this thread's young generation, which only gathered the
 * workers' batches meanwhile, is held where it is.
 */
export function afterWorkersStart(heapGrowthPercent: number): void {
  limitHeapGrowth(heapGrowthPercent);
  if (!userSet('semi-space-size', 'semi-space-growth-factor'))
    setFlagsFromString('--semi-space-growth-factor=1');
}
