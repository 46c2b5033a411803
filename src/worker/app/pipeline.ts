// One scan: every file is read by ingest (a file that fails records its error in its summary
// and the others go on), hashed alongside, its events stored in chunks as they come
// and collected for the rules; at the end the correlator orders everything from all files
// (and the session's earlier files) and the alerts, reports and field profile are saved.
import type { BatchInfo, ByteSource, FieldProfile, IngestedEvent } from '../../ingest/types.ts';
import type { FileSummary } from '../app-api.ts';
import { CorrelationRun, FileBatches, nearMissAfter } from './correlate.ts';
import { isQuotaError, queuedFile, stoppedRow, withDiagnostics } from './file-summary.ts';
import { ProgressMeter } from './progress.ts';
import { mergeProfiles, ruleReport, waitingCounts } from './report.ts';
import { asBlob, ChunkBuilder, READ_BATCH } from './chunker.ts';
import { unlessAborted } from './abortable.ts';
import {
  CANCELLED_HASH_WARNING,
  hashWhileReading,
  NOT_HASHED_WARNING,
  sha256Hex,
} from './digest.ts';
import { recordKey } from '../../ingest/record-key.ts';
import { Checkpoints } from './checkpoint.ts';
import { SplitFile, splittable } from './split-read.ts';
import { readAll, SplitReading } from './split-scan.ts';
import { Duplicates } from './scan-duplicates.ts';
import { Previews } from './scan-previews.ts';
import type { RemoteReader, ScanFile, ScanRequest, ScanResult } from './scan-request.ts';
import { readRemote } from './scan-remote.ts';
import { LateRows } from './late-rows.ts';
import { EventWrites, QUOTA_WARNING } from './scan-writes.ts';

export const CHUNK_SIZE = 2_000;

/** A long file refreshes its provisional alerts this often at most. */
export const PROVISIONAL_INTERVAL_MS = 2_000;

export async function runScan(req: ScanRequest): Promise<ScanResult> {
  const summaries = req.files.map((f, i) =>
    queuedFile(req.slots?.[i]?.id ?? req.newId(), req.sessionId, f.name, f.size),
  );
  const meter = new ProgressMeter(
    req.scanId,
    summaries.map((s) => ({
      fileId: s.id,
      name: s.name,
      bytesRead: 0,
      size: s.size,
      events: 0,
      status: s.status,
    })),
    req.onProgress,
  );
  try {
    return await scan(req, summaries, meter);
  } finally {
    // A scan that failed sends no late report after its end.
    meter.close();
  }
}

async function scan(
  req: ScanRequest,
  summaries: FileSummary[],
  meter: ProgressMeter,
): Promise<ScanResult> {
  const chunkSize = req.chunkSize ?? CHUNK_SIZE;
  const priorNames = req.prior?.fileNames ?? [];
  const base = priorNames.length;
  const indexOf = (i: number) => req.slots?.[i]?.index ?? base + i;
  // A large rule set's near misses are counted after the scan, from the stored events
  // (near-miss-pass.ts); a small one's while collecting (helpers decide alike).
  const countAfter = req.nearMissAfter ?? nearMissAfter(req.rules);
  const run = new CorrelationRun(req.rules, undefined, !countAfter);
  const names = [...priorNames];
  req.files.forEach((f, i) => (names[indexOf(i)] = f.name));
  const fileName = (f: number) => names[f] ?? `file ${f + 1}`;
  const previews = new Previews(
    req,
    run,
    meter,
    fileName,
    req.provisionalIntervalMs ?? PROVISIONAL_INTERVAL_MS,
  );
  const preview = previews.maybe;
  const twins = new Duplicates(req.files, req.knownFiles, indexOf);
  const { dedupe, events: duplicates, eventsOf: duplicatesOf } = twins;
  /** The file's hash taken beside its reading: by `req.hash` elsewhere, else here. */
  const hashAside = async (file: ScanFile): Promise<string | null> =>
    (await req.hash?.(file).catch(() => undefined)) ?? sha256Hex(file);
  const profiles: FieldProfile[] = [...(req.prior?.profiles ?? [])];
  const writes = new EventWrites(req);
  const { store, alertsOnly } = writes;
  const late = new LateRows();
  const remote = { run, meter, preview, dedupe, writes, profiles, duplicatesOf, late };

  if (req.prior) {
    for await (const batch of req.prior.events()) {
      if (req.signal.aborted) break;
      batch.docs.forEach((doc, j) =>
        twins.seen.first(recordKey({ doc, raw: batch.raws[j] }), batch.file),
      );
      run.addEvents(batch);
    }
  }

  // Checkpoints need every earlier file's events in this run (or no earlier file): their
  // alerts replace the stored ones.
  const checkpoints =
    req.prior || base === 0
      ? new Checkpoints({
          indexes: req.files.map((_, i) => indexOf(i)),
          eventsBefore: run.eventCount,
          correlate: (final) =>
            run.finalAlerts(final, req.sessionId, fileName, req.language)?.flat() ?? null,
          allFinal: (final) => run.allFinal(final),
          save: (data) => req.sink.putCheckpoint(data),
          onPreview: (alerts) => previews.show(alerts),
        })
      : null;
  await checkpoints?.start();
  /** A file's reading ended: a checkpoint when it is final, else (or too soon) a preview. */
  const ended = (i: number, status: FileSummary['status']) => {
    const final = status === 'done' || status === 'error';
    if (!(final && checkpoints?.fileDone(indexOf(i), meter.files[i].events))) preview(true);
  };

  /** A file's reading ended: once its writes have, its row is saved and the scan goes on. */
  const close = async (i: number, row: FileSummary) => {
    await writes.settled();
    // The reading runs ahead of the writing: it may have ended before the user answered.
    row = writes.stoppedShort(row, indexOf(i));
    if (writes.storage !== 'full') row = { ...row, warnings: [...row.warnings, QUOTA_WARNING] };
    summaries[i] = row;
    meter.files[i].status = row.status;
    await writes.saved(req.sink.putFile(row, indexOf(i)));
    meter.tick(true);
    if (!req.signal.aborted) ended(i, row.status);
  };

  /**
   * A file's reading starts: its row says scanning, and it is hashed. Its summary so far and
   * hash, or null when it is not to be read (cancelled, or its bytes are in the case already).
   * With `aside`, a file that cannot be a duplicate (see mayBeTwin) is not hashed here: its
   * reader hashes it beside the reading (`hashed` false). The hash of a file of 200 MB held
   * the reading up by 0.3-0.8 s (WebCrypto's digest runs on the thread that asks).
   */
  const begin = async (
    i: number,
    aside = false,
  ): Promise<{ summary: FileSummary; sha256: string | null; hashed: boolean } | null> => {
    const file = req.files[i];
    const progress = meter.files[i];
    let summary = summaries[i];
    if (req.signal.aborted) {
      summaries[i] = { ...summary, status: 'cancelled' };
      progress.status = 'cancelled';
      return null;
    }
    summary = { ...summary, status: 'scanning' };
    progress.status = 'scanning';
    const fileIndex = indexOf(i);
    await req.sink.putFile(summary, fileIndex);
    meter.tick(true);
    if (aside && !twins.mayBeTwin(i)) return { summary, sha256: null, hashed: false };
    // Hashed before reading: the same bytes twice in a case would count everything twice.
    // A cancel does not wait for it: WebCrypto hashes a file whole, up to 64 MB, which took
    // ~1 s on a slow machine and held a cancel that long.
    const sha256 = await unlessAborted(twins.hashOf(i), req.signal);
    /** The file is not read after all: its row, stored, says why. */
    const notRead = async (row: FileSummary): Promise<null> => {
      summaries[i] = row;
      progress.status = row.status;
      await req.sink.putFile(row, fileIndex);
      meter.tick(true);
      return null;
    };
    const twin = sha256 === undefined ? undefined : await twins.twinOf(i, sha256, req.signal);
    if (sha256 === undefined || req.signal.aborted)
      return notRead({ ...summary, status: 'cancelled' });
    if (twin !== undefined) {
      progress.bytesRead = file.size;
      return notRead({ ...summary, sha256, status: 'duplicate', duplicateOf: twin });
    }
    return { summary, sha256, hashed: true };
  };

  type Begun = NonNullable<Awaited<ReturnType<typeof begin>>>;
  const readFile = async (
    i: number,
    reader: RemoteReader | null,
    started: Begun | null = null,
  ): Promise<void> => {
    const file = req.files[i];
    const progress = meter.files[i];
    const fileIndex = indexOf(i);
    // Read here after a helper could not take it: begun already (and hashed, so not twice).
    const begun = started ?? (await begin(i, true));
    if (!begun) return;
    let { summary } = begun;
    if (reader) {
      try {
        // Hashed in `begin` when the duplicate check needed it before reading (the helper
        // hashing again read and hashed half of a four-file scan's bytes twice); else the
        // helper hashes it as it reads.
        const job = { sessionId: req.sessionId, fileIndex, file, chunkSize };
        const { sha256 } = begun;
        summary = await readRemote(remote, reader, i, sha256 ? { ...job, sha256 } : job, summary);
      } catch {
        // The helper could not take the file (it died, or the file could not be sent). If
        // nothing of it arrived yet, read it here; otherwise say so rather than count twice.
        if (progress.events === 0) return readFile(i, null, begun);
        summary = {
          ...summary,
          status: 'error',
          error: 'The worker reading this file stopped part way; scan the file again.',
        };
      }
      progress.status = summary.status;
      progress.bytesRead = summary.status === 'done' ? file.size : progress.bytesRead;
      summaries[i] = summary;
      await req.sink.putFile(summary, fileIndex);
      meter.tick(true);
      ended(i, summary.status);
      return;
    }
    // Not hashed yet: by an idle helper meanwhile, or else here from the bytes read.
    const here = begun.hashed || req.hash ? null : hashWhileReading(file);
    const hashing = begun.hashed ? Promise.resolve(begun.sha256) : here ? null : hashAside(file);
    const chunks = new ChunkBuilder(req.sessionId, fileIndex, chunkSize, 0, asBlob(file));
    const batches = new FileBatches(fileIndex);
    const source: ByteSource = here?.source ?? {
      name: file.name,
      size: file.size,
      stream: () => file.stream(),
    };
    const onBatch = (all: IngestedEvent[], info: BatchInfo) => {
      const repeated = new Set(dedupe(i, all.map(recordKey)));
      const events = repeated.size ? all.filter((_, j) => !repeated.has(j)) : all;
      if (!events.length) return undefined;
      const batch = batches.next(events, info);
      run.addEvents(batch);
      progress.events += events.length;
      meter.tick();
      preview(false);
      const chunk = chunks.add(batch);
      return chunk ? store(chunk) : undefined;
    };
    try {
      const diagnostics = await req.ingest(source, onBatch, {
        signal: req.signal,
        batchSize: Math.min(chunkSize, READ_BATCH),
        keepText: true,
        onProgress: (bytes) => {
          progress.bytesRead = bytes;
          meter.tick();
        },
      });
      profiles.push(diagnostics.fields);
      const done = withDiagnostics(summary, diagnostics);
      // Read whole: a cancel while its hash is taken leaves it read, and unhashed.
      const sha256 = (await unlessAborted(hashing ?? here!.digest(), req.signal)) ?? null;
      const unhashed = req.signal.aborted ? CANCELLED_HASH_WARNING : NOT_HASHED_WARNING;
      summary = {
        ...done,
        sha256,
        warnings: sha256 === null ? [...done.warnings, unhashed] : done.warnings,
        status: 'done',
        ...(duplicates[i] ? { duplicates: duplicates[i] } : {}),
      };
      progress.bytesRead = file.size;
    } catch (error) {
      const stopped = stoppedRow(summary, error, req.signal, batches.read, {
        duplicates: duplicates[i],
      });
      if (stopped.fields) profiles.push(stopped.fields);
      summary = stopped.row;
    }
    const rest = chunks.flush();
    if (rest) void store(rest);
    summaries[i] = summary;
    await close(i, summary);
  };

  // This worker reads too, beside any helpers (see readAll).
  const pool: (RemoteReader | null)[] = [...(req.readers ?? []), null];
  const splits = new Map<number, SplitFile>();
  if (pool.length > 1 && pool.every((r) => !r || r.readRange))
    for (let i = 0; i < req.files.length; i++)
      if (await splittable(req.files[i], req.split?.minBytes))
        splits.set(i, new SplitFile(req.files[i].size, req.split?.rangeBytes));
  const reading = new SplitReading({
    files: req.files,
    indexOf,
    sessionId: req.sessionId,
    chunkSize,
    ingest: req.ingest,
    signal: req.signal,
    begin,
    hashAside: async (i) => {
      // Taken by a helper reading ranges too: this thread also numbers, deduplicates and
      // collects every range, and the helpers waited for it while it hashed.
      const helper = req.readers?.find((r) => r.sha256);
      return (
        (await helper?.sha256?.(req.files[i]).catch(() => undefined)) ??
        (await hashAside(req.files[i]))
      );
    },
    dedupe,
    addEvents: (batch) => {
      run.addEvents(batch);
      preview(false);
    },
    addFeed: (feed) => {
      run.addFeed(feed);
      preview(false);
    },
    store,
    alertsOnly,
    duplicatesOf,
    meter,
    late,
    finish: async (i, summary) => {
      if (summary.diagnostics) profiles.push(summary.diagnostics.fields);
      await close(i, summary.row);
    },
  });
  await readAll(pool, req.files.length, splits, reading, readFile);
  await writes.settled(true);
  if (writes.storage !== 'full') {
    // A worker that ran out of storage may have been writing while another dropped the events.
    await req.sink.dropEvents();
    for (let i = 0; i < summaries.length; i++) {
      if (summaries[i].warnings.includes(QUOTA_WARNING)) continue;
      summaries[i] = { ...summaries[i], warnings: [...summaries[i].warnings, QUOTA_WARNING] };
      await req.sink.putFile(summaries[i], indexOf(i));
    }
  }

  // The last checkpoint lands before the results that replace it (or stand for a cancel).
  await checkpoints?.close();
  const profile = mergeProfiles(profiles);
  const cancelledResult = (): ScanResult => {
    req.onProvisional?.(null);
    // The alerts that stand are the last checkpoint's, stored.
    meter.alerts = checkpoints?.saved ?? 0;
    meter.setPhase('cancelled');
    return {
      files: summaries,
      alerts: [],
      reports: [],
      profile,
      events: run.eventCount,
      cancelled: true,
      storage: writes.storage,
      elapsedMs: meter.elapsedMs,
      ...(late.pending ? { late: late.settled() } : {}),
    };
  };
  if (req.signal.aborted) return cancelledResult();
  meter.setPhase('correlating');
  const result = run.finish(req.sessionId, fileName, req.language);
  const alerts = result.alerts.flat();
  const counting = countAfter ? waitingCounts(req, indexOf, writes.storage) : undefined;
  const reports = req.rules.map((rule, q) =>
    ruleReport(
      rule,
      result.outcomes[q],
      result.stageHosts[q],
      profile,
      result.alerts[q].length,
      counting,
    ),
  );
  meter.alerts = alerts.length;
  meter.setPhase('saving');
  // The last checkpoint stored these very alerts (a run builds each alert once): not again.
  const stored = checkpoints?.stored;
  const unsaved =
    stored && stored.length === alerts.length && alerts.every((a, i) => a === stored[i])
      ? null
      : alerts;
  try {
    await req.sink.putResults(unsaved, reports, profile);
  } catch (error) {
    // No room for the alerts: freeing the events makes room, or the user stops here.
    if (!isQuotaError(error)) throw error;
    if (!(await alertsOnly())) return cancelledResult();
    await req.sink.putResults(unsaved, reports, profile);
  }
  req.onProvisional?.(null);
  meter.setPhase('done');
  return {
    files: summaries,
    alerts,
    reports,
    profile,
    events: result.events,
    cancelled: false,
    storage: writes.storage,
    elapsedMs: meter.elapsedMs,
  };
}
