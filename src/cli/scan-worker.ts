// The worker side of `sequent scan --threads N`: compiles the rules it is given once, then
// collects candidates for each unit (a file or a byte range of one) the main thread sends,
// answering with the unit's batches as bytes (scan-batches.ts), diagnostics and record count.
// `null` ends the worker. The rules come as the first message; buffers handed back after.
import { parentPort, workerData } from 'node:worker_threads';
import { Collector, type CandidateBatch } from '../engine/index.ts';
import { ingestFile } from '../ingest/index.ts';
import type { Rule } from '../rules/index.ts';
import { BatchPacker, recycle } from './scan-batches.ts';
import { BATCH_EVENTS } from './scan-collect.ts';
import { plan, type Options } from './scan.ts';
import { unitName, unitStream, type UnitResult, type WorkUnit } from './scan-threads.ts';

export interface WorkerJob {
  readonly options: Options;
  readonly rules: Rule[] | null;
}

/**
 * The first message a worker gets: the rules it compiles (by message, not as workerData,
 * which the worker would hold to its end: ~9 MiB for Elastic's 954 EQL rules).
 */
export interface WorkerRules {
  readonly rules: Rule[] | null;
}

/** A buffer of this worker's, handed back once its batches are in the correlator. */
export interface Spare {
  readonly spare: ArrayBuffer;
}

export function runScanWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runScanWorker runs in a worker thread');
  const { options } = workerData as Pick<WorkerJob, 'options'>;
  let collector: Collector | null = null;
  let queue = Promise.resolve();
  port.on('message', (message: WorkerRules | WorkUnit | Spare | null) => {
    if (message !== null && 'spare' in message) {
      recycle(message.spare);
      return;
    }
    if (collector === null) {
      // The main thread has already reported every rule that does not compile.
      const specs = plan(options, (message as WorkerRules).rules, () => {}).planned.map(
        (p) => p.spec,
      );
      collector = new Collector(specs, {
        categoryField: options.categoryField ?? 'event.category',
        keepDocs: false,
      });
      return;
    }
    const unit = message as WorkUnit | null;
    const collecting = collector;
    queue = queue.then(async () => {
      if (unit === null) {
        port.close();
        return;
      }
      const result = await packUnit(collecting, unit);
      port.postMessage(result, [result.batches.bytes.buffer]);
    });
  });
}

/**
 * Collects one unit's candidates, handing each batch of events' candidates (record numbers
 * from 0 at the unit's start) to `onBatch` as the collector drains them; answers the unit's
 * diagnostics and record count.
 */
export async function collectUnit(
  collector: Collector,
  unit: WorkUnit,
  onBatch: (batch: CandidateBatch) => void,
  /** Called after each batch of events. */
  afterBatch: () => void = () => {},
): Promise<Omit<UnitResult, 'worker' | 'batches'>> {
  const counted = { newlines: 0 };
  const evtx = unit.evtxChunk !== undefined;
  let records = 0;
  const diag = await ingestFile(
    { name: unitName(unit), size: unit.end - unit.start, stream: unitStream(unit, counted) },
    (events) => {
      for (const e of events)
        collector.add(e.doc, {
          file: unit.file,
          record: records++,
          // An .evtx range's offsets are the file's already.
          ...(e.offset !== undefined ? { offset: (evtx ? 0 : unit.start) + e.offset } : {}),
        });
      onBatch(collector.drain());
      afterBatch();
    },
    // Small reads and batches, as in one thread (scan-collect.ts): they die young.
    { ...(evtx ? { evtxFirstChunk: unit.evtxChunk } : {}), batchSize: BATCH_EVENTS },
  );
  onBatch(collector.drain());
  return {
    id: unit.id,
    diag,
    records,
    newlines: counted.newlines,
    plan: collector.planStats(),
  };
}

/** A unit collected in a worker: its batches as bytes, to be transferred. */
export async function packUnit(
  collector: Collector,
  unit: WorkUnit,
  afterBatch: () => void = () => {},
): Promise<Omit<UnitResult, 'worker'>> {
  const packer = new BatchPacker();
  const result = await collectUnit(collector, unit, (b) => packer.push(b), afterBatch);
  return { ...result, batches: packer.take() };
}
