// The worker side of `sequent scan --threads N`: compiles the rules it is given once, then
// collects candidates for each unit (a file or a byte range of one) the main thread sends,
// answering with the unit's batch, diagnostics and record count. `null` ends the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { Collector } from '../engine/index.ts';
import { ingestFile } from '../ingest/index.ts';
import type { Rule } from '../rules/index.ts';
import { plan, type Options } from './scan.ts';
import { unitName, unitStream, type UnitResult, type WorkUnit } from './scan-threads.ts';

export interface WorkerJob {
  readonly options: Options;
  readonly rules: Rule[] | null;
}

export function runScanWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runScanWorker runs in a worker thread');
  const job = workerData as WorkerJob;
  // The main thread has already reported every rule that does not compile.
  const specs = plan(job.options, job.rules, () => {}).planned.map((p) => p.spec);
  const collector = new Collector(specs, {
    categoryField: job.options.categoryField ?? 'event.category',
    keepDocs: false,
  });
  let queue = Promise.resolve();
  port.on('message', (unit: WorkUnit | null) => {
    queue = queue.then(async () => {
      if (unit === null) {
        port.close();
        return;
      }
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
        },
        evtx ? { evtxFirstChunk: unit.evtxChunk } : {},
      );
      const result: Omit<UnitResult, 'worker'> = {
        id: unit.id,
        batch: collector.drain(),
        diag,
        records,
        newlines: counted.newlines,
        plan: collector.planStats(),
      };
      port.postMessage(result);
    });
  });
}
