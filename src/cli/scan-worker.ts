// The worker side of `sequent scan --threads N`: compiles the rules it is given once, then
// collects candidates for each unit (a file or a byte range of one) the main thread sends,
// answering with the unit's batch, diagnostics and record count. `null` ends the worker.
// The rules come as the first message.
import { getHeapSpaceStatistics } from 'node:v8';
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { CandidatePacker, Collector } from '../engine/index.ts';
import { releaseSyntax } from '../eql/index.ts';
import { ingestFile } from '../ingest/index.ts';
import type { Rule } from '../rules/index.ts';
import { UnitAdmission } from './scan-admission.ts';
import { WORKER_BATCH_EVENTS } from './scan-collect.ts';
import { plan, type Options } from './scan.ts';
import {
  unitName,
  unitStream,
  type Grown,
  type UnitResult,
  type WorkUnit,
} from './scan-threads.ts';

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

export function runScanWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runScanWorker runs in a worker thread');
  const { options } = workerData as Pick<WorkerJob, 'options'>;
  let collector: Collector | null = null;
  let packer: CandidatePacker | null = null;
  const admission = new UnitAdmission();
  let queue = Promise.resolve();
  // Says so once its young generation reaches its limit (its two semi-spaces: 2/3 of the
  // resource limit, 32 MiB by default): the main thread then sets V8's flags again, which
  // this worker's start set back to their defaults, without holding it below its limit.
  const limit = ((2 / 3) * (resourceLimits.maxYoungGenerationSizeMb || 48) - 1) * 2 ** 20;
  let told = false;
  const grown = () => {
    if (told) return;
    const space = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    if ((space?.space_size ?? 0) < limit) return;
    told = true;
    const message: Grown = { grown: true };
    port.postMessage(message);
  };
  port.on('message', (message: WorkerRules | WorkUnit | null) => {
    if (collector === null) {
      // The main thread has already reported every rule that does not compile.
      const specs = plan(options, (message as WorkerRules).rules, () => {}).planned.map(
        (p) => p.spec,
      );
      collector = new Collector(specs, {
        categoryField: options.categoryField ?? 'event.category',
        keepDocs: false,
        // The packer shares a unit's keys as it packs them: the collector's map of them
        // only needs the keys at hand. 100k of them held ~10 MiB alive in each worker, and
        // 8k took ~23 MiB off the peak of two threads with all 954 rules.
        sharedKeys: 8192,
        admit: admission.admit,
      });
      packer = new CandidatePacker(specs.length);
      // This thread explains nothing and plans nothing more: the collector runs what it has
      // compiled, and the rules' syntax trees (~10 MiB for Elastic's 954 EQL rules) can go.
      for (const spec of specs) releaseSyntax(spec.query);
      return;
    }
    const unit = message as WorkUnit | null;
    const collecting = collector;
    const packing = packer!;
    queue = queue.then(async () => {
      if (unit === null) {
        port.close();
        return;
      }
      port.postMessage(await collectUnit(collecting, unit, grown, packing, admission));
    });
  });
}

/**
 * Collects one unit's candidates: its batch, diagnostics and record count. The collector is
 * drained after every batch of events, as in one thread, into `packer`'s columns: a unit's
 * candidates are not held as objects until it ends (they were promoted, and made again as
 * objects in the main thread out of the message).
 */
export async function collectUnit(
  collector: Collector,
  unit: WorkUnit,
  /** Called after each batch of events. */
  afterBatch: () => void = () => {},
  packer: CandidatePacker = new CandidatePacker(),
  /** The collector's `admit`: notes the keys of the events a stage takes. */
  admission: UnitAdmission | null = null,
): Promise<Omit<UnitResult, 'worker'>> {
  const counted = { newlines: 0 };
  const evtx = unit.evtxChunk !== undefined;
  let records = 0;
  admission?.start(unit.skip, unit.texts ?? true);
  const diag = await ingestFile(
    { name: unitName(unit), size: unit.end - unit.start, stream: unitStream(unit, counted) },
    (events) => {
      for (const e of events) {
        if (admission) {
          admission.event = e;
          admission.record = records;
        }
        collector.add(e.doc, {
          file: unit.file,
          record: records++,
          // An .evtx range's offsets are the file's already.
          ...(e.offset !== undefined ? { offset: (evtx ? 0 : unit.start) + e.offset } : {}),
        });
      }
      packer.add(collector.drain());
      afterBatch();
    },
    // Small reads and batches, as in one thread (scan-collect.ts): they die young.
    { ...(evtx ? { evtxFirstChunk: unit.evtxChunk } : {}), batchSize: WORKER_BATCH_EVENTS },
  );
  packer.add(collector.drain());
  const keys = admission?.take();
  return {
    id: unit.id,
    batch: packer.take(),
    ...(keys ? { keys } : {}),
    diag,
    records,
    newlines: counted.newlines,
    plan: collector.planStats(),
  };
}
