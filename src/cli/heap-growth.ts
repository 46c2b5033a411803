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

/** youngGenerationCap's check, which `again` sets anew after a worker's start undid it. */
export interface YoungGenerationCap {
  (): void;
  again(): void;
}

/**
 * Holds the young generation below `semiSpaceMiB` per semi-space from now on, and returns a
 * check to call after each batch of events (it costs a look at V8's heap spaces): the first
 * one lets it grow again, and the first one to see it at the cap stops it there. Compiling a
 * large rule set doubles it several times between two checks, hence the hold before.
 * Does nothing if the user gave a flag of the young generation's size. Starting a worker
 * thread sets V8's flags back to their defaults (Node 20), this one and heap growth's:
 * see afterWorkerStart.
 */
export function youngGenerationCap(semiSpaceMiB: number): YoungGenerationCap {
  const none = Object.assign(() => {}, { again: () => {} });
  if (userSet('semi-space-size', 'semi-space-growth-factor')) return none;
  const cap = 2 * semiSpaceMiB * 2 ** 20;
  // new_space counts both semi-spaces.
  const below = () =>
    (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? cap) < cap;
  setFlagsFromString('--semi-space-growth-factor=1');
  let held = !below();
  let growing = false;
  const check = () => {
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
  // Held, or not yet growing: the factor is 1 (a worker's start set it back to 2).
  const again = () => {
    if (held || !growing) setFlagsFromString('--semi-space-growth-factor=1');
  };
  return Object.assign(check, { again });
}

/**
 * Call before starting worker threads: the resource limits that hold a worker's young
 * generation at `semiSpaceMiB` per semi-space (`maxYoungGenerationSizeMb` counts V8's new
 * large-object space too, as large as one semi-space: 3 × 4 MiB gives 4 MiB semi-spaces),
 * and the flag that has it start there: a worker then needs no growth factor of its own,
 * which this thread's hold (the same flag for every thread) would deny it. None if the user
 * sized the young generation.
 */
export function workerYoungGeneration(semiSpaceMiB: number): { maxYoungGenerationSizeMb?: number } {
  if (userSet('semi-space-size', 'semi-space-growth-factor')) return {};
  // Read when a heap is set up, so only by the workers about to start.
  setFlagsFromString(`--min-semi-space-size=${semiSpaceMiB}`);
  return { maxYoungGenerationSizeMb: 3 * semiSpaceMiB };
}

/**
 * Starting a worker thread sets V8's flags back to their defaults (Node 20: a flag set by
 * setFlagsFromString is gone once a Worker starts, by the time it is online). Call this on
 * each worker's `online`: heap growth is limited again for every thread, and this thread's
 * young generation held (or kept from growing) as it was.
 */
export function afterWorkerStart(heapGrowthPercent: number, cap: YoungGenerationCap): void {
  limitHeapGrowth(heapGrowthPercent);
  cap.again();
}
