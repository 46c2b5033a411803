// Run by heap-growth.test.ts in a node process of its own (V8 flags are process-wide):
// allocates as a scan does, many short-lived objects and a window of survivors, first with
// no check (as while rules compile), then calling the young generation's cap after each
// batch when argv[2] gives one. Prints the new space's size after the first phase and the
// largest seen after, in MiB.
import { getHeapSpaceStatistics } from 'node:v8';
import { youngGenerationCap } from '../../src/cli/heap-growth.ts';

const cap = process.argv[2] === 'none' ? () => {} : youngGenerationCap(Number(process.argv[2]));
const newSpace = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 2 ** 20;
const window: { i: number; text: string }[] = [];
const allocate = (n: number, batch: () => void) => {
  for (let i = 0; i < n; i++) {
    window.push({ i, text: `event ${i}` });
    if (window.length > 30_000) window.length = 0;
    if (i % 1000 === 0) batch();
  }
};
allocate(2_000_000, () => {});
const before = newSpace();
let largest = 0;
allocate(3_000_000, () => {
  cap();
  largest = Math.max(largest, newSpace());
});
process.stdout.write(`${before} ${largest}\n`);
