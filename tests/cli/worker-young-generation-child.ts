// Run by heap-growth.test.ts in a node process of its own (V8 flags are process-wide): the
// main thread holds its young generation as a scan does, then a worker thread started with
// workerYoungGeneration's limits (argv[2] MiB per semi-space, or `none`) allocates as a scan
// does; then the main thread does, after afterWorkersStart if argv[3] is `after`.
// Prints the largest new space the worker saw and the main thread's after, in MiB.
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import {
  afterWorkersStart,
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

/** The same in this thread. */
function allocate(): number {
  let window: { i: number; text: string }[] = [];
  let largest = 0;
  for (let i = 0; i < 4_000_000; i++) {
    window.push({ i, text: `event ${i}` });
    if (window.length > 30_000) window = [];
    if (i % 1000 === 0)
      largest = Math.max(
        largest,
        getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 2 ** 20,
      );
  }
  return largest;
}

youngGenerationCap(4);
const resourceLimits =
  process.argv[2] === 'none' ? {} : workerYoungGeneration(Number(process.argv[2]));
const worker = new Worker(
  `${ALLOCATE}; require('node:worker_threads').parentPort.postMessage(largest);`,
  { eval: true, resourceLimits },
);
worker.on('message', (inWorker: number) => {
  if (process.argv[3] === 'after') afterWorkersStart(100);
  process.stdout.write(`${inWorker} ${allocate()}\n`);
});
