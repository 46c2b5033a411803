// A large raw .evtx read by several workers at once. Its 64 KiB chunks share nothing but the
// file header, so the file is cut into ranges of whole chunks (chunkRanges) that the readers
// take in file order, each read as the header followed by its chunks. A range's events are
// deduplicated, numbered, collected and stored only once the ranges before it have ended, and
// from where they ended: records, lines and stored chunks are numbered exactly as one reader
// numbers them, so the correlator sees the same (file, record) order and evidence points at
// the same stored events. A range read ahead of its turn holds its events until then, which
// is why ranges are a few MiB: each reader holds one range at most.
import { chunkRanges, isEvtx, type ChunkRange } from '../../ingest/evtx/index.ts';
import { abortError, readSoFar } from '../../ingest/bytes.ts';
import { recordKey } from '../../ingest/record-key.ts';
import type { ByteSource, FileDiagnostics, IngestedEvent } from '../../ingest/types.ts';
import { ChunkBuilder, READ_BATCH } from './chunker.ts';
import { FileBatches, type EventBatch } from './correlate.ts';
import type { EventChunk } from './model.ts';
import { OneBehind } from './one-behind.ts';
import type { Dedupe, IngestFn, ScanFile } from './scan-request.ts';

/** Smaller files are read by one worker: a split costs a rules compile per range. */
export const SPLIT_MIN_BYTES = 8 * 1024 * 1024;
/** About this much of the file per range (whole chunks). */
export const RANGE_BYTES = 4 * 1024 * 1024;

const EVTX_HEADER = 4096;

/** Where a range's numbering starts: what the ranges before it numbered. */
export interface RangeBase {
  /** Records kept (after deduplication): the file's record numbers. */
  records: number;
  /** Records read: an .evtx record's line is its ordinal in the file. */
  lines: number;
  /** Storage chunks built. */
  chunks: number;
}

/** One range of a split file, as sent to a reader. */
export interface RangeJob {
  sessionId: string;
  fileIndex: number;
  chunkSize: number;
  range: ChunkRange;
}

export interface RangeRead {
  /** Where the next range's numbering starts. */
  next: RangeBase;
  diagnostics: FileDiagnostics;
  /**
   * Cancelled part way while its events went on numbered: `diagnostics` says what it read and
   * handed on until then, and no range numbers on from it.
   */
  cut?: boolean;
  /** 'alerts-only' when the helper that read it ran out of storage for events. */
  storage?: 'full' | 'alerts-only';
}

/** What a range reader does with its numbered events. */
export interface RangeSink {
  dedupe: Dedupe;
  /** A numbered batch, with the range's bytes read so far. */
  batch(batch: EventBatch, bytes: number): void | Promise<void>;
  /** Takes a full chunk; may settle before it is written (written behind), not before taken. */
  put(chunk: EventChunk): Promise<void>;
  /** The range's bytes are read; its events may still wait for the ranges before it. */
  readEnded?(): void;
  /** The range is numbered (the next range's base), its chunks still being stored. */
  numbered?(next: RangeBase): void;
}

/** Whether `file` is a raw .evtx worth reading in ranges. */
export async function splittable(file: ScanFile, minBytes = SPLIT_MIN_BYTES): Promise<boolean> {
  if (!file.slice || file.size < minBytes) return false;
  try {
    return isEvtx(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
  } catch {
    return false;
  }
}

async function* pieces(streams: ReadableStream<Uint8Array>[]): AsyncGenerator<Uint8Array> {
  for (const stream of streams) {
    const reader = stream.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    } finally {
      reader.releaseLock();
    }
  }
}

/**
 * Reads one range of `file`: its events go to `sink` numbered from `base` (which settles when
 * the range before has ended). Rejects with what the ingest or `base` rejects.
 */
export async function readRange(
  file: ScanFile,
  job: RangeJob,
  base: Promise<RangeBase>,
  ingest: IngestFn,
  sink: RangeSink,
  signal: AbortSignal,
): Promise<RangeRead> {
  const { range } = job;
  let known: RangeBase | null = null;
  let broken: { error: unknown } | null = null;
  base.then(
    (b) => (known = b),
    (error: unknown) => (broken = { error }),
  );
  const pending: IngestedEvent[][] = [];
  let from: RangeBase | null = null;
  let batches = new FileBatches(job.fileIndex);
  let chunks = new ChunkBuilder(job.sessionId, job.fileIndex, job.chunkSize);
  let bytes = 0;
  // Chunks are stored behind the numbering: the range's numbering is known (and the next range
  // may go on) once its events are deduplicated and collected, not once its chunks are packed
  // and written, which is most of a range's work after its reading. A range holds a few chunks.
  let stored: Promise<void> = Promise.resolve();
  let unstored: { error: unknown } | null = null;
  const store = (chunk: EventChunk) => {
    stored = stored.then(() => sink.put(chunk));
    stored.catch((error: unknown) => (unstored ??= { error }));
  };
  /**
   * Numbers, deduplicates, collects and stores `held` batches in order. They are asked about
   * in one dedupe call and their batches handed over without waiting for each answer (the
   * port keeps them in order): for a helper every answer was a round trip to the scanning
   * worker, and a range held in full waited through a dozen of them.
   */
  const pass = async (held: IngestedEvent[][]) => {
    const keys: string[] = [];
    for (const all of held)
      for (const e of all) {
        if (e.line > 0) e.line += from!.lines;
        keys.push(recordKey(e));
      }
    const repeated = new Set(await sink.dedupe(keys));
    const handed: Promise<void>[] = [];
    let at = 0;
    for (const all of held) {
      const first = at;
      at += all.length;
      const events = repeated.size ? all.filter((_, j) => !repeated.has(first + j)) : all;
      if (!events.length) continue;
      const batch = batches.next(events);
      const feed = Promise.resolve(sink.batch(batch, bytes));
      // Awaited below; not an unhandled rejection meanwhile.
      feed.catch(() => undefined);
      handed.push(feed);
      const chunk = chunks.add(batch);
      if (chunk) store(chunk);
    }
    await Promise.all(handed);
  };
  const open = async (b: RangeBase) => {
    from = b;
    batches = new FileBatches(job.fileIndex, b.records);
    chunks = new ChunkBuilder(job.sessionId, job.fileIndex, job.chunkSize, b.chunks);
    const held = pending.splice(0);
    if (held.length) await pass(held);
  };
  const source: ByteSource = {
    name: file.name,
    size: EVTX_HEADER + range.end - range.start,
    stream: () =>
      pieces([file.slice!(0, EVTX_HEADER).stream(), file.slice!(range.start, range.end).stream()]),
  };
  const take = async (events: IngestedEvent[]) => {
    if (unstored) throw unstored.error;
    if (!from) {
      // The range before failed: this one cannot be numbered, so it stops here.
      if (broken) throw (broken as { error: unknown }).error;
      if (!known) return void pending.push(events);
      await open(known);
    }
    await pass([events]);
  };
  const behind = new OneBehind(take);
  let diagnostics: FileDiagnostics;
  let cut = false;
  try {
    diagnostics = await behind.after(
      ingest(source, behind.push, {
        signal,
        batchSize: Math.min(job.chunkSize, READ_BATCH),
        keepText: true,
        evtxFirstChunk: range.firstChunk,
        onProgress: (n) => {
          bytes = n;
        },
      }),
    );
  } catch (error) {
    // Cancelled: what it read counts only where its events went on (numbered) as they came.
    const soFar = readSoFar(error);
    if (!from || !soFar) throw error;
    diagnostics = soFar;
    cut = true;
  }
  if (!cut) sink.readEnded?.();
  if (!from) {
    const turn = await base;
    // Read whole but held for its turn when the cancel came: numbered, collected and stored
    // it would hold up the cancel (a few hundred ms a range), and it counts nothing.
    if (signal.aborted) throw abortError();
    await open(turn);
  }
  const rest = chunks.flush();
  if (rest) store(rest);
  const next: RangeBase = {
    records: batches.read,
    lines: from!.lines + diagnostics.records.read,
    chunks: chunks.built,
  };
  if (!cut) sink.numbered?.(next);
  // A cancel answers at once: a cut range's last writes land behind it, as a file's do.
  if (cut) stored.catch(() => undefined);
  else await stored;
  return cut ? { next, diagnostics, cut } : { next, diagnostics };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A range nobody waits for any more (the scan stopped) must not be an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** One split file: its ranges handed out in order, and where each one's numbering starts. */
export class SplitFile {
  readonly ranges: ChunkRange[];
  readonly reads: (RangeRead | undefined)[];
  readonly #bases: Deferred<RangeBase>[];
  #taken = 0;
  #ended = 0;
  /** A range failed: no more are handed out. */
  #closed = false;
  /** The range cancelled part way and what it read (see cutShort). */
  #cut: { k: number; read: RangeRead } | null = null;

  constructor(size: number, rangeBytes = RANGE_BYTES) {
    this.ranges = chunkRanges(size, rangeBytes);
    this.reads = this.ranges.map(() => undefined);
    this.#bases = this.ranges.map(() => deferred<RangeBase>());
    this.#bases[0].resolve({ records: 0, lines: 0, chunks: 0 });
  }

  /** The next range to read, or null when every one is taken. */
  take(): number | null {
    return this.allTaken ? null : this.#taken++;
  }

  /** Every range has been taken (or a failure stopped the rest): readers look elsewhere. */
  get allTaken(): boolean {
    return this.#closed || this.#taken >= this.ranges.length;
  }

  base(k: number): Promise<RangeBase> {
    return this.#bases[k].promise;
  }

  /** Range `k` is numbered (its chunks may still be stored): the next one numbers on from it. */
  numbered(k: number, next: RangeBase): void {
    this.#bases[k + 1]?.resolve(next);
  }

  /** Range `k` was read: the next one numbers on from it. True when it was the last to end. */
  done(k: number, read: RangeRead): boolean {
    this.reads[k] = read;
    this.#bases[k + 1]?.resolve(read.next);
    return this.#end();
  }

  /**
   * Range `k` failed: the ranges after it cannot be numbered (theirs would start from a
   * guess), so those running stop and the rest are not read. True when it was the last to end.
   */
  failed(k: number, error: unknown): boolean {
    for (let j = k + 1; j < this.#bases.length; j++) this.#bases[j].reject(error);
    this.#closed = true;
    return this.#end();
  }

  /**
   * Range `k` was cancelled part way (`read.cut`): as failed, and what it read is kept for
   * readSoFar. True when it was the last to end.
   */
  cutShort(k: number, read: RangeRead): boolean {
    this.#cut = { k, read };
    return this.failed(k, new DOMException('The range was cancelled', 'AbortError'));
  }

  /**
   * What a cancelled file's ranges read: those read whole and the one cut short, in file
   * order; null when none was.
   */
  get readSoFar(): FileDiagnostics[] | null {
    return this.readSoFarWith([]);
  }

  /** readSoFar with the ranges helpers accounted for after the cancel (late-rows.ts). */
  readSoFarWith(late: readonly { k: number; read: RangeRead }[]): FileDiagnostics[] | null {
    const parts = [
      ...this.reads.flatMap((read, k) => (read ? [{ k, read }] : [])),
      ...(this.#cut ? [this.#cut] : []),
      ...late,
    ].sort((a, b) => a.k - b.k);
    return parts.length ? parts.map((p) => p.read.diagnostics) : null;
  }

  #end(): boolean {
    return ++this.#ended === (this.#closed ? this.#taken : this.ranges.length);
  }

  /** Diagnostics of the ranges read, in file order (all of them once every range was read). */
  get diagnostics(): FileDiagnostics[] {
    return this.reads.flatMap((r) => (r ? [r.diagnostics] : []));
  }
}

/** How many reads `files` make: one per file, one per range of a file read in ranges. */
export async function readUnits(files: readonly ScanFile[]): Promise<number> {
  let units = 0;
  for (const f of files)
    units += (await splittable(f)) ? chunkRanges(f.size, RANGE_BYTES).length : 1;
  return units;
}
