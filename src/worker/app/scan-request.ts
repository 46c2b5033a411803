// What a scan is asked and what it answers: the contract between the scan service, the
// pipeline that runs it and the workers that read files for it. Apart from the pipeline, so
// the readers (split-read.ts, collect-file.ts) name these without importing the pipeline.
import type {
  BatchInfo,
  ByteSource,
  FieldProfile,
  FileDiagnostics,
  IngestedEvent,
  IngestOptions,
} from '../../ingest/types.ts';
import type { FileSummary, ScanProgress, StorageChoice } from '../app-api.ts';
import type { OnFeed, EventBatch } from './correlate.ts';
import type { CheckpointData } from './checkpoint.ts';
import type { LateAccount, LateRow } from './late-rows.ts';
import type { AlertBody, EventChunk, Language, RunnableRule, StoredReport } from './model.ts';
import type { RangeBase, RangeJob, RangeRead } from './split-read.ts';

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

/** A helper's result; a cancelled one may carry the helper's own account to come. */
export type ReadResult = RemoteResult & LateAccount<RemoteResult>;

export interface RemoteReader {
  read(job: RemoteJob, onFeed: OnFeed, dedupe: Dedupe): Promise<ReadResult>;
  /**
   * Reads one range of a split file (split-read.ts); its numbering starts at `base()`.
   * `readEnded`, when given, is called once the range's bytes are read; `numbered` once its
   * numbering is known (the next range's base), while its chunks may still be stored.
   */
  readRange?(
    file: ScanFile,
    job: RangeJob,
    base: () => Promise<RangeBase>,
    onFeed: OnFeed,
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
  /** A cancelled scan: the rows of files helpers were reading, as their own results come. */
  late?: Promise<LateRow[]>;
}
