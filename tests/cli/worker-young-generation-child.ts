// Run by heap-growth.test.ts in a node process of its own (V8 flags are process-wide): the
// main thread holds its young generation at 4 MiB semi-spaces as a scan does (its check after
// every batch), then starts a worker thread with workerYoungGeneration's limits (argv[2] MiB
// per semi-space, or `none`); as the worker comes online the main thread calls
// afterWorkerStart if argv[3] is `after`. Both then allocate as a scan does, at once.
// Prints the worker's new space at its start, the largest it saw, and the largest the main
// thread saw after the worker's start, in MiB.
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import {
  afterWorkerStart,
  workerYoungGeneration,
  youngGenerationCap,
} from '../../src/cli/heap-growth.ts';

/** Many short-lived objects and a window of survivors; the largest new space seen (JS). */
const ALLOCATE = `
const { getHeapSpaceStatistics } = require('node:v8');
let window = [];
let largest = 0;
for (let i = 0; i < 4000000; i++) {
  window.push({ i, text: 'event ' + i });
  if (window.length > 30000) window = [];
  if (i % 1000 === 0)
    largest = Math.max(largest, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20);
}
`;

const newSpace = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 2 ** 20;

/** The same in this thread, checking the hold after every 1000 objects. */
function allocate(check: () => void): number {
  let window: { i: number; text: string }[] = [];
  let largest = 0;
  for (let i = 0; i < 4_000_000; i++) {
    window.push({ i, text: `event ${i}` });
    if (window.length > 30_000) window = [];
    if (i % 1000 === 0) {
      check();
      largest = Math.max(largest, newSpace());
    }
  }
  return largest;
}

const cap = youngGenerationCap(4);
allocate(cap);
const resourceLimits =
  process.argv[2] === 'none' ? {} : workerYoungGeneration(Number(process.argv[2]));
const worker = new Worker(
  `const first = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20;
  ${ALLOCATE}; require('node:worker_threads').parentPort.postMessage([first, largest]);`,
  { eval: true, resourceLimits },
);
let main = 0;
worker.on('online', () => {
  if (process.argv[3] === 'after') afterWorkerStart(100, cap);
  main = allocate(cap);
});
worker.on('message', ([first, largest]: [number, number]) => {
  process.stdout.write(`${first} ${largest} ${main}\n`);
});
