// A file read by another worker of the pool: its candidates are collected here as they come,
// and its row is made of what that worker reports at the end.
import type { FieldProfile } from '../../ingest/types.ts';
import type { FileSummary } from '../app-api.ts';
import type { CorrelationRun } from './correlate.ts';
import { NOT_HASHED_WARNING } from './digest.ts';
import { withDiagnostics } from './file-summary.ts';
import type { ProgressMeter } from './progress.ts';
import type { LateRows } from './late-rows.ts';
import type { RemoteJob, RemoteReader, RemoteResult } from './scan-request.ts';
import { QUOTA_WARNING, type EventWrites } from './scan-writes.ts';

/** What of the scan a remote reading feeds. */
export interface RemoteScan {
  run: CorrelationRun;
  meter: ProgressMeter;
  preview: (fileDone: boolean) => void;
  dedupe: (i: number, keys: string[]) => number[];
  writes: EventWrites;
  /** The scan's field profiles: the file's is added. */
  profiles: FieldProfile[];
  /** Records of the file the case held already. */
  duplicatesOf: (i: number) => number;
  late: LateRows;
}

/** Reads the scan's file `i` in `reader`; its row as it ended (done, error or cancelled). */
export async function readRemote(
  scan: RemoteScan,
  reader: RemoteReader,
  i: number,
  job: RemoteJob,
  summary: FileSummary,
): Promise<FileSummary> {
  const { run, meter } = scan;
  const progress = meter.files[i];
  const { late, ...result } = await reader.read(
    job,
    (feed, p) => {
      run.addFeed(feed);
      progress.bytesRead = p.bytes;
      progress.events = p.events;
      meter.tick();
      scan.preview(false);
    },
    (keys) => scan.dedupe(i, keys),
  );
  if (result.diagnostics) scan.profiles.push(result.diagnostics.fields);
  // The cancel answered for the helper: what it read comes later (late-rows.ts).
  if (late)
    scan.late.add(
      job.fileIndex,
      late.then((own) => rowOf(scan, i, summary, own, false)),
    );
  return rowOf(scan, i, summary, result);
}

/**
 * The row of file `i` from what its helper reported. `ask` false: the scan has answered, so
 * nobody is asked about a full storage (the row is a cancelled one anyway).
 */
async function rowOf(
  scan: RemoteScan,
  i: number,
  summary: FileSummary,
  result: RemoteResult,
  ask = true,
): Promise<FileSummary> {
  const { writes } = scan;
  // The helper went on reading without storing: a stop leaves its file cut short.
  const cut = ask && result.storage !== 'full' && !(await writes.alertsOnly());
  const read = result.diagnostics ? withDiagnostics(summary, result.diagnostics) : summary;
  const warnings = [...read.warnings];
  if (result.sha256 === null && !result.error && !result.cancelled)
    warnings.push(NOT_HASHED_WARNING);
  if (writes.storage !== 'full') warnings.push(QUOTA_WARNING);
  const duplicates = scan.duplicatesOf(i);
  return {
    ...read,
    sha256: result.sha256,
    warnings,
    status: result.cancelled || cut ? 'cancelled' : result.error ? 'error' : 'done',
    error: result.error,
    records: result.diagnostics ? read.records : result.records,
    ...(duplicates ? { duplicates } : {}),
  };
}
