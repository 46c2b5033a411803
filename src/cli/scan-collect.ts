// The collect phase of `sequent scan` in this thread: every file read once through ingest
// into one Collector, its candidates handed to the correlator as it goes. The Collector and
// its compiled plan (dispatch indexes, shared conjuncts, key caches: ~30 MB for all 954 EQL
// rules) live only in this function, so they are garbage once reading ends, before the
// correlator matches: the scan's last seconds, which set its peak RSS, do not carry them.
import { basename } from 'node:path';
import { Collector, type Correlator, type PlanStats, type QuerySpec } from '../engine/index.ts';
import { releaseSyntax } from '../eql/index.ts';
import { ingestFile, type FileDiagnostics } from '../ingest/index.ts';
import { readChunks } from './read-file.ts';
import { Admission } from './scan-admission.ts';
import type { StageHosts } from './scan-explain.ts';

/**
 * Reads of 256 KiB, batches of 128 events: what one read parses and normalizes is alive at
 * once, and it should die young. scan.ts holds the young generation at 4 MiB semi-spaces;
 * with 1 MiB reads and ingest's 512-event batches, ~500 events were alive at each scavenge,
 * copied out, promoted, and the old generation collected over and over: the built-in rules
 * took 30% more CPU over 1M events (4 MiB semi-spaces and these sizes: no more than before).
 */
export const READ_BYTES = 1 << 18;
export const BATCH_EVENTS = 128;

/**
 * A worker thread's (`--threads`), whose young generation is twice this thread's: with
 * 256 KiB reads, a read's parsed events (~128 of them) were often still alive at a scavenge
 * and promoted. All 954 EQL rules over six 32 MiB ranges in one process: ~280 MB promoted in
 * some runs and ~70 in others with 256 KiB reads, ~77 in every run with 64 KiB and 32-event
 * batches (bench/README.md, issue 13).
 */
export const WORKER_READ_BYTES = 1 << 16;
export const WORKER_BATCH_EVENTS = 32;

export async function collectHere(
  files: readonly { path: string; size: number }[],
  specs: readonly QuerySpec[],
  categoryField: string,
  correlator: Correlator,
  stageHosts: StageHosts | null,
  /** Called after each batch of events (scan.ts holds the young generation's size with it). */
  afterBatch: () => void = () => {},
  /** Let the queries' syntax trees go once the collector is built (see releaseSyntax). */
  release = false,
): Promise<{ diagnostics: FileDiagnostics[]; plan: PlanStats; duplicates: number[] }> {
  const admission = new Admission(files.length > 1);
  // References only: memory follows the candidates, not the input; the few events that end
  // up in results are read back from their files afterwards.
  const collector = new Collector(specs, {
    categoryField,
    keepDocs: false,
    admit: admission.admit,
  });
  if (release) for (const spec of specs) releaseSyntax(spec.query);
  const diagnostics: FileDiagnostics[] = [];
  for (let file = 0; file < files.length; file++) {
    const { path, size } = files[file];
    let record = 0;
    admission.file = file;
    const diag = await ingestFile(
      { name: basename(path), size, stream: () => readChunks(path, READ_BYTES) },
      (events) => {
        for (const e of events) {
          admission.event = e;
          collector.add(e.doc, { file, record: record++, offset: e.offset });
          stageHosts?.add(e.doc);
        }
        // The correlator holds candidates in columns, the collector as objects: handed over
        // after every batch, they die young. Handed over every 32k events, a large rule set's
        // candidates (~2.3 an event for all 954 Elastic EQL rules) outlived the young
        // generation and were promoted, left to full collections (bench/README.md, issue 13).
        // The collector hands over only the queries the batch touched.
        correlator.add(collector.drain());
        afterBatch();
      },
      { batchSize: BATCH_EVENTS },
    );
    diagnostics.push(diag);
    if (diag.notEventLog)
      process.stderr.write(`sequent scan: ${path}: not an event log (${diag.notEventLog})\n`);
    for (const err of diag.errors)
      process.stderr.write(`sequent scan: ${path}:${err.line}: ${err.message}\n`);
    correlator.add(collector.drain());
  }
  return { diagnostics, plan: collector.planStats(), duplicates: admission.duplicates };
}
