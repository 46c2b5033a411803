// The thread count `sequent scan` picks without --threads (scan-auto-threads.ts): the cores for
// a large input, fewer as the rule set grows, so the estimated peak stays within the budget;
// one thread for a small input or a single read unit.
import { describe, expect, it } from 'vitest';
import {
  AUTO_THREADS_MIN_BYTES,
  autoThreads,
  estimatedPeakMb,
  MEMORY_BUDGET_MB,
} from '../../src/cli/scan-auto-threads.ts';

const large = { bytes: 2e9, units: 64, cores: 8 };

describe('the automatic thread count', () => {
  it('follows the peaks measured over the 1M-event file within ~15%', () => {
    // Peak RSS, MB, of the built CLI (bench/README.md, issue 13): [rules, threads, measured].
    const measured: [number, number, number][] = [
      [2, 1, 120],
      [2, 2, 164],
      [391, 1, 237],
      [391, 2, 317],
      [954, 1, 256],
      [954, 2, 375],
    ];
    for (const [rules, threads, mb] of measured)
      expect(Math.abs(estimatedPeakMb(rules, threads) - mb) / mb).toBeLessThan(0.15);
  });

  it('gives Elastic’s Windows rules three threads of eight cores, all its EQL rules two', () => {
    expect(autoThreads({ ...large, queries: 391 })).toBe(3);
    expect(autoThreads({ ...large, queries: 391, cores: 2 })).toBe(2);
    expect(autoThreads({ ...large, queries: 954 })).toBe(2);
    expect(autoThreads({ ...large, queries: 2000 })).toBe(1);
    for (const queries of [2, 391, 954]) {
      const n = autoThreads({ ...large, queries });
      expect(n === 1 || estimatedPeakMb(queries, n) <= MEMORY_BUDGET_MB).toBe(true);
    }
  });

  it('uses the cores for a few rules, no more than there are read units', () => {
    expect(autoThreads({ ...large, queries: 2 })).toBe(7);
    expect(autoThreads({ ...large, queries: 2, cores: 2 })).toBe(2);
    expect(autoThreads({ ...large, queries: 2, units: 3 })).toBe(3);
    expect(autoThreads({ ...large, queries: 2, cores: 1 })).toBe(1);
  });

  it('reads a small input or a single unit on one thread', () => {
    expect(autoThreads({ ...large, queries: 2, bytes: AUTO_THREADS_MIN_BYTES - 1 })).toBe(1);
    expect(autoThreads({ ...large, queries: 2, units: 1 })).toBe(1);
  });
});
