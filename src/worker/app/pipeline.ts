/* eslint-disable max-lines -- the scan pipeline: reading, deduplicating, storing and correlating share one flow of batches; split next */
// One scan: every file is read by ingest (a file that fails records its error in its summary
// and the others go on), hashed alongside, its events stored in chunks as they come
// and collected for the rules; at the end the correlator orders everything from all files
// (and the session's earlier files) and the alerts, reports and field profile are saved.
import type {
  BatchInfo,
  ByteSource,
  FieldProfile,
  FileDiagnostics,
  IngestedEvent,
  IngestOptions,
} from '../../ingest/types.ts';
import type { FileSummary, ScanProgress, StorageChoice } from '../app-api.ts';
import {
  CorrelationRun,
  FileBatches,
  nearMissAfter,
  type CandidateFeed,
  type EventBatch,
} from './correlate.ts';
import { errorText, isAbort, isQuotaError, queuedFile, withDiagnostics } from './file-summary.ts';
import type { AlertBody, EventChunk, Language, RunnableRule, StoredReport } from './model.ts';
import { ProgressMeter } from './progress.ts';
import { mergeProfiles, ruleReport } from './report.ts';
import { asBlob, ChunkBuilder, READ_BATCH } from './chunker.ts';
import { hashWhileReading, NOT_HASHED_WARNING, sha256Hex } from './digest.ts';
import { recordKey, SeenRecords } from '../../ingest/record-key.ts';
import { Checkpoints, type CheckpointData } from './checkpoint.ts';
import {
  SplitFile,
  splittable,
  type RangeBase,
  type RangeJob,
  type RangeRead,
} from './split-read.ts';
import { SplitReading } from './split-scan.ts';

export { CHUNKS_PER_FILE } from './chunker.ts';

export type IngestFn = (
  source: ByteSource,
  onBatch: (events: IngestedEvent[], info: BatchInfo) => void | Promise<void>,
  options: IngestOptions,
) => Promise<FileDiagnostics>;

export interface ScanFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** A part of the file (a File's own `slice`): without it the file is read whole. */
  slice?(start: number, end: number): FilePart;
}

export interface FilePart {
  stream(): ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Where a scan's results go as they arrive (IndexedDB in the worker, memory in tests). */
export interface ScanSink {
  putFile(file: FileSummary, index: number): Promise<void>;
  /** May throw QuotaExceededError: the scan then asks `onStorageFull` what to do. */
  putChunk(chunk: EventChunk): Promise<void>;
  /** Frees the events stored so far once storage ran out (partial events mislead hunting). */
  dropEvents(): Promise<void>;
  /** `alerts` null: the stored alerts are the scan's already (its last checkpoint's). */
  putResults(
    alerts: AlertBody[] | null,
    reports: StoredReport[],
    profile: FieldProfile | null,
  ): Promise<void>;
  /** The alerts of the files finished so far and the session's counts (see checkpoint.ts). */
  putCheckpoint(data: CheckpointData): Promise<void>;
}

export interface PriorData {
  /** Names of the session's earlier files, by index. */
  fileNames: string[];
  profiles: FieldProfile[];
  events(): AsyncIterable<EventBatch>;
}

/** A file read in another worker: it ingests, stores its chunks and collects there. */
export interface RemoteJob {
  sessionId: string;
  fileIndex: number;
  file: ScanFile;
  chunkSize: number;
  /** The file's SHA-256 when the scanning worker has it already: the helper does not hash again. */
  sha256?: string;
}

export interface RemoteResult {
  diagnostics: FileDiagnostics | null;
  sha256: string | null;
  records: number;
  error: string | null;
  cancelled: boolean;
  /** 'alerts-only' when that worker ran out of storage for events. */
  storage: 'full' | 'alerts-only';
}

/** Given the record keys of a batch, the positions of those already in the case. */
export type Dedupe = (keys: string[]) => number[] | Promise<number[]>;

export interface RemoteReader {
  read(
    job: RemoteJob,
    onFeed: (
      feed: CandidateFeed,
      progress: { bytes: number; events: number },
    ) => void | Promise<void>,
    dedupe: Dedupe,
  ): Promise<RemoteResult>;
  /**
   * Reads one range of a split file (split-read.ts); its numbering starts at `base()`.
   * `readEnded`, when given, is called once the range's bytes are read; `numbered` once its
   * numbering is known (the next range's base), while its chunks may still be stored.
   */
  readRange?(
    file: ScanFile,
    job: RangeJob,
    base: () => Promise<RangeBase>,
    onFeed: (
      feed: CandidateFeed,
      progress: { bytes: number; events: number },
    ) => void | Promise<void>,
    dedupe: Dedupe,
    readEnded?: () => void,
    numbered?: (next: RangeBase) => void,
  ): Promise<RangeRead>;
  /** The file's SHA-256, taken in the reader's thread when it has nothing else to do. */
  sha256?(file: ScanFile): Promise<string | null>;
}

export interface ScanRequest {
  sessionId: string;
  scanId: string;
  /** Leave the near-miss counts for after the scan (default: for large rule sets, nearMissAfter). */
  nearMissAfter?: boolean;
  files: ScanFile[];
  rules: RunnableRule[];
  /** Explains each alert's steps as it is built; absent, when it is opened (explain-later.ts). */
  language?: Pick<Language, 'explain'>;
  ingest: IngestFn;
  sink: ScanSink;
  signal: AbortSignal;
  onProgress: (p: ScanProgress) => void;
  newId: () => string;
  prior?: PriorData;
  chunkSize?: number;
  /** Other workers to spread the files over; the files are read here when absent. */
  readers?: RemoteReader[];
  /** Raw .evtx files from `minBytes` on are read by every reader, in ranges of `rangeBytes`. */
  split?: { minBytes?: number; rangeBytes?: number };
  /**
   * Alerts from the evidence read so far, while the scan runs (each call replaces the last);
   * null once they no longer stand: the final alerts are saved, or the scan was cancelled.
   */
  onProvisional?: (alerts: AlertBody[] | null) => void;
  /** Least time between provisional correlations in the middle of a file. */
  provisionalIntervalMs?: number;
  /**
   * The case's files already read (name, SHA-256 and size): the same bytes are not read again.
   * Without a size, any file may be the same as one of them.
   */
  knownFiles?: { name: string; sha256: string | null; size?: number }[];
  /**
   * Hashes a file in another thread (an idle helper); undefined when none could. A file that
   * cannot be the same as another (no other file of its size) is then hashed there while it
   * is read here, instead of before.
   */
  hash?: (file: ScanFile) => Promise<string | null | undefined>;
  /**
   * Per file, the session's row it is read into (a resumed file keeps its row and index);
   * absent, each file gets a new row after the session's earlier files.
   */
  slots?: ({ index: number; id: string } | undefined)[];
  /**
   * Storage refused a write (asked once per scan, the reading paused meanwhile):
   * 'alerts-only' goes on without storing events (those stored are freed, the files can be
   * re-attached), 'stop' ends the scan as a cancel does (the caller aborts `signal`) and keeps
   * what is stored. Without it the scan goes alerts-only by itself.
   */
  onStorageFull?: () => Promise<StorageChoice>;
}

export interface ScanResult {
  files: FileSummary[];
  alerts: AlertBody[];
  reports: StoredReport[];
  profile: FieldProfile | null;
  events: number;
  cancelled: boolean;
  storage: 'full' | 'alerts-only';
  elapsedMs: number;
}

export const CHUNK_SIZE = 2_000;

/** A long file refreshes its provisional alerts this often at most. */
export const PROVISIONAL_INTERVAL_MS = 2_000;

/** Time between previews, in multiples of the last preview's cost. */
const PREVIEW_SHARE = 10;
/** A preview this quick may run after every file. */
const CHEAP_PREVIEW_MS = 20;

const QUOTA_WARNING =
  'Storage is full: the events of this session are not kept (alerts and their evidence are). ' +
  'To hunt or re-run rules later, attach the original files again.';

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
  const interval = req.provisionalIntervalMs ?? PROVISIONAL_INTERVAL_MS;
  let previewedAt = performance.now();
  let previewedCandidates = 0;
  let previewCost = 0;
  // Provisional alerts: the correlation of what is read so far, whenever a file is done and
  // now and then within a long one. Cheap because it works on candidates only (and stops
  // past CorrelationRun's cap); the final correlation below replaces it.
  const preview = (fileDone: boolean) => {
    if (!req.onProvisional || req.signal.aborted || !run.canPreview) return;
    if (run.candidateCount === previewedCandidates) return;
    const t = performance.now();
    // Many small files each end a read: a costly preview waits ten times its cost, so
    // previews take a tenth of the scan at most.
    const backoff = previewCost > CHEAP_PREVIEW_MS ? PREVIEW_SHARE * previewCost : 0;
    if (t - previewedAt < Math.max(fileDone ? 0 : interval, backoff)) return;
    previewedCandidates = run.candidateCount;
    const alerts = run.provisional(req.sessionId, fileName, req.language)?.flat();
    previewedAt = performance.now();
    previewCost = previewedAt - t;
    if (!alerts) return;
    req.onProvisional(alerts);
    meter.alerts = alerts.length;
    meter.tick(true);
  };
  // Duplicates: a file whose bytes the case holds is not read; an event the case holds (from
  // another file or container) is kept and counted once.
  const hashes = new Map<string, string>();
  // The sizes of the case's hashed files (undefined: not known) and of this scan's files.
  const knownSizes = new Set<number | undefined>();
  for (const f of req.knownFiles ?? [])
    if (f.sha256) {
      hashes.set(f.sha256, f.name);
      knownSizes.add(f.size);
    }
  const sizes = new Map<number, number>();
  for (const f of req.files) sizes.set(f.size, (sizes.get(f.size) ?? 0) + 1);
  /**
   * Whether file `i` may be the same bytes as another: a file of the case that was hashed, or
   * another of this scan, has its size (or a known file's size is not known).
   */
  const mayBeTwin = (i: number): boolean => {
    const { size } = req.files[i];
    return knownSizes.has(undefined) || knownSizes.has(size) || sizes.get(size)! > 1;
  };
  /** The file's hash taken beside its reading: by `req.hash` elsewhere, else here. */
  const hashAside = async (file: ScanFile): Promise<string | null> =>
    (await req.hash?.(file).catch(() => undefined)) ?? sha256Hex(file);
  const seen = new SeenRecords();
  const duplicates = req.files.map(() => 0);
  const dedupe = (i: number, keys: string[]): number[] => {
    const repeated: number[] = [];
    keys.forEach((k, j) => {
      if (!seen.first(k, indexOf(i))) repeated.push(j);
    });
    duplicates[i] += repeated.length;
    return repeated;
  };
  const profiles: FieldProfile[] = [...(req.prior?.profiles ?? [])];
  let storage: ScanResult['storage'] = 'full';
  /** The user chose to stop when storage was full: nothing more is written. */
  let stopped = false;
  let writes: Promise<void> = Promise.resolve();
  /** Files (session index) with a chunk refused or not written: a stop cuts them short. */
  const unstored = new Set<number>();
  /** A file read to its end is still cut short when the user stopped before all was stored. */
  const stoppedShort = (row: FileSummary, fileIndex: number): FileSummary =>
    stopped && row.status === 'done' && unstored.has(fileIndex)
      ? { ...row, status: 'cancelled' }
      : row;
  /** Storage is full: true to go on storing alerts only (the events stored are freed). */
  const alertsOnly = async (): Promise<boolean> => {
    if (stopped) return false;
    if (storage !== 'full') return true;
    if ((await (req.onStorageFull?.() ?? 'alerts-only')) === 'stop') {
      stopped = true;
      return false;
    }
    storage = 'alerts-only';
    await req.sink.dropEvents();
    return true;
  };

  /**
   * Writes `chunk` behind the reading, one write after another: settles once the write before
   * has ended (rejecting with its error, other than a full storage), so a reader holds at most
   * one chunk beyond the one being written. Waiting for each IndexedDB write before reading
   * on left a page worker idle while the database thread wrote. `settled` waits for them all.
   */
  const store = (chunk: EventChunk): Promise<void> => {
    const before = writes;
    writes = before.then(async () => {
      if (storage !== 'full' || stopped) {
        unstored.add(chunk.file);
        return;
      }
      try {
        await req.sink.putChunk(chunk);
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        unstored.add(chunk.file);
        await alertsOnly();
      }
    });
    // Seen by the next store or by settled; not an unhandled rejection meanwhile.
    writes.catch(() => undefined);
    return before;
  };

  if (req.prior) {
    for await (const batch of req.prior.events()) {
      if (req.signal.aborted) break;
      batch.docs.forEach((doc, j) =>
        seen.first(recordKey({ doc, raw: batch.raws[j] }), batch.file),
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
          onPreview: (alerts) => {
            if (!req.onProvisional || req.signal.aborted) return;
            previewedCandidates = run.candidateCount;
            req.onProvisional(alerts);
            meter.alerts = alerts.length;
            meter.tick(true);
          },
        })
      : null;
  await checkpoints?.start();
  /** A file's reading ended: a checkpoint when it is final, else (or too soon) a preview. */
  const ended = (i: number, status: FileSummary['status']) => {
    const final = status === 'done' || status === 'error';
    if (!(final && checkpoints?.fileDone(indexOf(i), meter.files[i].events))) preview(true);
  };

  // Once cancelled, the scan answers at once: pending writes finish in the background.
  const saved = (write: Promise<void>) =>
    req.signal.aborted ? void write.catch(() => undefined) : write;
  const settled = (rethrow = false) =>
    req.signal.aborted
      ? void writes.catch(() => undefined)
      : rethrow
        ? writes
        : writes.catch(() => undefined);

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
    if (aside && !mayBeTwin(i)) return { summary, sha256: null, hashed: false };
    // Hashed before reading: the same bytes twice in a case would count everything twice.
    const sha256 = await sha256Hex(file);
    const twin = sha256 === null ? undefined : hashes.get(sha256);
    if (twin !== undefined) {
      summary = { ...summary, sha256, status: 'duplicate', duplicateOf: twin };
      summaries[i] = summary;
      progress.status = 'duplicate';
      progress.bytesRead = file.size;
      await req.sink.putFile(summary, fileIndex);
      meter.tick(true);
      return null;
    }
    if (sha256 !== null) hashes.set(sha256, file.name);
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
        summary = await readRemote(reader, i, sha256 ? { ...job, sha256 } : job, summary);
        if (duplicates[i]) summary = { ...summary, duplicates: duplicates[i] };
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
      const sha256 = await (hashing ?? here!.digest());
      if (sha256 !== null) hashes.set(sha256, file.name);
      summary = {
        ...done,
        sha256,
        warnings: sha256 === null ? [...done.warnings, NOT_HASHED_WARNING] : done.warnings,
        status: 'done',
        ...(duplicates[i] ? { duplicates: duplicates[i] } : {}),
      };
      progress.bytesRead = file.size;
    } catch (error) {
      if (isAbort(error, req.signal)) {
        summary = { ...summary, status: 'cancelled', records: batches.read };
      } else {
        summary = { ...summary, status: 'error', error: errorText(error), records: batches.read };
      }
    }
    const rest = chunks.flush();
    if (rest) void store(rest);
    summaries[i] = summary;
    await settled();
    // The reading runs ahead of the writing: it may have ended before the user answered.
    summary = stoppedShort(summary, fileIndex);
    progress.status = summary.status;
    summaries[i] = summary;
    if (storage !== 'full') summary.warnings = [...summary.warnings, QUOTA_WARNING];
    await saved(req.sink.putFile(summary, fileIndex));
    meter.tick(true);
    if (!req.signal.aborted) ended(i, summary.status);
  };

  const readRemote = async (
    reader: RemoteReader,
    i: number,
    job: RemoteJob,
    summary: FileSummary,
  ) => {
    const progress = meter.files[i];
    const result = await reader.read(
      job,
      (feed, p) => {
        run.addFeed(feed);
        progress.bytesRead = p.bytes;
        progress.events = p.events;
        meter.tick();
        preview(false);
      },
      (keys) => dedupe(i, keys),
    );
    // The helper went on reading without storing: a stop leaves its file cut short.
    const cut = result.storage !== 'full' && !(await alertsOnly());
    if (result.diagnostics) profiles.push(result.diagnostics.fields);
    const read = result.diagnostics ? withDiagnostics(summary, result.diagnostics) : summary;
    const warnings = [...read.warnings];
    if (result.sha256 === null && !result.error && !result.cancelled)
      warnings.push(NOT_HASHED_WARNING);
    if (storage !== 'full') warnings.push(QUOTA_WARNING);
    return {
      ...read,
      sha256: result.sha256,
      warnings,
      status: result.cancelled || cut ? 'cancelled' : result.error ? 'error' : 'done',
      error: result.error,
      records: result.diagnostics ? read.records : result.records,
    } satisfies FileSummary;
  };

  // This worker reads too, beside any helpers; each reader takes the next file as soon as it
  // is free, so a big file does not hold up the rest. A large raw .evtx is read by all of them
  // at once, in chunk ranges (see split-read.ts): a free reader joins a split file first.
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
      const sha256 =
        (await helper?.sha256?.(req.files[i]).catch(() => undefined)) ??
        (await hashAside(req.files[i]));
      if (sha256 !== null) hashes.set(sha256, req.files[i].name);
      return sha256;
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
    duplicatesOf: (i) => duplicates[i],
    meter,
    finish: async (i, summary) => {
      if (summary.diagnostics) profiles.push(summary.diagnostics.fields);
      let row = summary.row;
      await settled();
      row = stoppedShort(row, indexOf(i));
      if (storage !== 'full') row = { ...row, warnings: [...row.warnings, QUOTA_WARNING] };
      summaries[i] = row;
      meter.files[i].status = row.status;
      await saved(req.sink.putFile(row, indexOf(i)));
      meter.tick(true);
      if (!req.signal.aborted) ended(i, row.status);
    },
  });
  let next = 0;
  await Promise.all(
    pool.map(async (reader) => {
      // A range read ahead of its turn waits for the ranges before it to end; its reader reads
      // the next range meanwhile (it sat idle before), so it holds one waiting range at most.
      let held: Promise<void> = Promise.resolve();
      const readPart = async (i: number, split: SplitFile) => {
        let readEnded!: () => void;
        const read = new Promise<void>((resolve) => (readEnded = resolve));
        const part = reading.readPart(i, split, reader, readEnded);
        // Awaited below as `held`; not an unhandled rejection meanwhile.
        part.catch(() => undefined);
        await Promise.race([read, part]);
        await held;
        held = part;
      };
      for (;;) {
        const open = [...splits].find(([, split]) => !split.allTaken);
        if (open) await readPart(open[0], open[1]);
        else if (next >= req.files.length) return held;
        else if (splits.has(next)) {
          const i = next++;
          await readPart(i, splits.get(i)!);
        } else await readFile(next++, reader);
      }
    }),
  );
  await settled(true);
  // A worker that ran out of storage may have been writing while another dropped the events.
  if (storage !== 'full') await req.sink.dropEvents();
  if (storage !== 'full') {
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
      storage,
      elapsedMs: meter.elapsedMs,
    };
  };
  if (req.signal.aborted) return cancelledResult();
  meter.setPhase('correlating');
  const result = run.finish(req.sessionId, fileName, req.language);
  const alerts = result.alerts.flat();
  const counting = countAfter ? waitingCounts(req, indexOf, storage) : undefined;
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
    storage,
    elapsedMs: meter.elapsedMs,
  };
}

/** Said on the reports of a scan whose events could not all be stored. */
export const NOT_COUNTED =
  'Storage was full, so the events are not kept to count why rules stayed silent: attach the files again and re-run the rules.';

/**
 * What the scan's reports wait for: the near-miss counts over the events it read, which are
 * the session's stored events when the earlier files were read too, else its own files'.
 */
function waitingCounts(
  req: ScanRequest,
  indexOf: (i: number) => number,
  storage: ScanResult['storage'],
): { id: string; files: number[]; unavailable?: string } {
  const files = req.prior
    ? [...new Set([...req.prior.fileNames.keys(), ...req.files.map((_, i) => indexOf(i))])]
    : req.files.map((_, i) => indexOf(i));
  files.sort((a, b) => a - b);
  return {
    id: req.scanId,
    files,
    ...(storage !== 'full' ? { unavailable: NOT_COUNTED } : {}),
  };
}
