// How many generated cases each fuzz property runs: a normal test run keeps to a few hundred
// per property (the whole suite stays fast); `npm run fuzz` sets SEQUENT_FUZZ_RUNS to run
// that many per property, and SEQUENT_FUZZ_SEED to replay one seed.
import { afterAll } from 'vitest';

const fromEnv = Number(process.env.SEQUENT_FUZZ_RUNS ?? '');
const seedEnv = Number(process.env.SEQUENT_FUZZ_SEED ?? '');

/** fast-check options for one property: `normal` runs, or SEQUENT_FUZZ_RUNS under `npm run fuzz`. */
export function budget(normal: number): { numRuns: number; seed?: number } {
  const numRuns = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : normal;
  return Number.isInteger(seedEnv) && process.env.SEQUENT_FUZZ_SEED
    ? { numRuns, seed: seedEnv }
    : { numRuns };
}

/** A bound on one case: a hang or an exponential blow-up takes far longer on any machine. */
export const CASE_MS = 3000;

let cases = 0;
/** Counts a case; each fuzz file prints its total so a long run can say how many it tried. */
export function counted(): void {
  cases++;
}

export function reportCases(label: string): void {
  afterAll(() => {
    console.log(`fuzz ${label}: ${cases} cases`);
  });
}
