// A scan's side of split files (see split-read.ts): every reader, this worker's and the
// helpers', takes the next range of a large raw .evtx; the last range to end makes the file's
// row from the ranges' diagnostics, as one reading of the whole file would have it.
import { mergeEvtxRanges } from '../../ingest/merge-ranges.ts';
import type { FileSummary } from '../app-api.ts';
import type { CandidateFeed, EventBatch } from './correlate.ts';
import { NOT_HASHED_WARNING } from './digest.ts';
import { isAbort, stoppedRow, withDiagnostics } from './file-summary.ts';
import type { EventChunk } from './model.ts';
import { lateOf, type LateRows } from './late-rows.ts';
import type { IngestFn, RemoteReader, ScanFile } from './scan-request.ts';
import type { ProgressMeter } from './progress.ts';
import { readRange, type RangeJob, type RangeRead, type SplitFile } from './split-read.ts';
import type { FileDiagnostics } from '../../ingest/types.ts';

const EVTX_HEADER = 4096;

interface Begun {
  summary: FileSummary;
  sha256: string | null;
  /** false: the file cannot be a duplicate and was not hashed yet (`hashAside`). */
  hashed?: boolean;
}

export interface SplitContext {
  files: readonly ScanFile[];
  indexOf(i: number): number;
  sessionId: string;
  chunkSize: number;
  ingest: IngestFn;
  signal: AbortSignal;
  /**
   * The file's row says scanning and it is hashed; null when it is not to be read. With
   * `aside`, a file that cannot be a duplicate is not hashed there (see pipeline.ts).
   */
  begin(i: number, aside?: boolean): Promise<Begun | null>;
  /** The file's hash taken beside its reading (and known to the scan's duplicate check). */
  hashAside(i: number): Promise<string | null>;
  dedupe(i: number, keys: string[]): number[];
  /** Collects a batch read here. */
  addEvents(batch: EventBatch): void;
  /** Merges a helper's collected batch. */
  addFeed(feed: CandidateFeed): void;
  /** Writes behind the reading: settles once the chunk before is written (see pipeline.ts). */
  store(chunk: EventChunk): Promise<void>;
  /** A helper's storage ran out: false when the user chose to stop. */
  alertsOnly(): Promise<boolean>;
  duplicatesOf(i: number): number;
  meter: ProgressMeter;
  /** Rows of files helpers were reading when a cancel came, as their results come. */
  late: LateRows;
  /** The file's row is made: save it. */
  finish(i: number, done: { row: FileSummary; diagnostics: FileDiagnostics | null }): Promise<void>;
}

interface FileState {
  begun: Promise<Begun | null>;
  /** The file's hash: from begin, or taken beside the reading of its ranges. */
  sha256: Promise<string | null>;
  bytes: number[];
  /** Events each range handed on. */
  events: number[];
  /** A range failed after handing events on, saying nothing of them: counts unknown. */
  untold: boolean;
  /** Ranges of helpers the cancel answered for: their own results, to come (late-rows.ts). */
  late: { k: number; read: Promise<RangeRead> }[];
  error: { error: unknown } | null;
  /** A helper ran out of storage and the user chose to stop. */
  cut: boolean;
}

export class SplitReading {
  readonly #files = new Map<number, FileState>();

  constructor(private readonly ctx: SplitContext) {}

  #state(i: number, split: SplitFile): FileState {
    let state = this.#files.get(i);
    if (!state) {
      // A file that cannot be a duplicate is hashed beside the reading of its ranges: hashed
      // first, its first range waited for the hash before it was numbered, and the other
      // readers, holding a range each, for that one (in a trace of a 64 MiB file the hash
      // ended 0.56 s after the reading began, the second reader idle for much of it).
      const begun = this.ctx.begin(i, true);
      const sha256 = begun.then((b) =>
        b && b.hashed === false ? this.ctx.hashAside(i) : (b?.sha256 ?? null),
      );
      // Read in #finish, if the file is read to its end; never an unhandled rejection.
      sha256.catch(() => undefined);
      state = {
        begun,
        sha256,
        bytes: split.ranges.map(() => 0),
        events: split.ranges.map(() => 0),
        untold: false,
        late: [],
        error: null,
        cut: false,
      };
      this.#files.set(i, state);
    }
    return state;
  }

  /**
   * Reads the next range of file `i`, if one is left, with `reader` (null: here). `readEnded`
   * is called once the range's bytes are read: its events may still wait for the ranges
   * before it, and the reader can read another range meanwhile.
   */
  async readPart(
    i: number,
    split: SplitFile,
    reader: RemoteReader | null,
    readEnded?: () => void,
  ): Promise<void> {
    const k = split.take();
    if (k === null) return;
    const { ctx } = this;
    const state = this.#state(i, split);
    // The file is hashed (see begin) while its first ranges are read: nothing of a range is
    // numbered, collected or stored before, as its base waits for that. A duplicate or a
    // cancel has its row written by begin, and no range goes on.
    const base = async () => {
      if (!(await state.begun)) throw new Error('not read');
      return split.base(k);
    };
    const file = ctx.files[i];
    const progress = ctx.meter.files[i];
    const job: RangeJob = {
      sessionId: ctx.sessionId,
      fileIndex: ctx.indexOf(i),
      chunkSize: ctx.chunkSize,
      range: split.ranges[k],
    };
    const read = (bytes: number, events: number) => {
      // Every range but the first reads the file header again.
      state.bytes[k] = Math.max(0, bytes - (k > 0 ? EVTX_HEADER : 0));
      progress.bytesRead = state.bytes.reduce((a, b) => a + b, 0);
      progress.events += events;
      state.events[k] += events;
      ctx.meter.tick();
    };
    let last: boolean;
    try {
      let result: RangeRead;
      if (reader?.readRange) {
        result = await reader.readRange(
          file,
          job,
          base,
          (feed, p) => {
            ctx.addFeed(feed);
            read(p.bytes, p.events);
          },
          (keys) => ctx.dedupe(i, keys),
          readEnded,
          (next) => split.numbered(k, next),
        );
        if (result.storage === 'alerts-only' && !(await ctx.alertsOnly())) state.cut = true;
      } else {
        result = await readRange(
          file,
          job,
          base(),
          ctx.ingest,
          {
            dedupe: (keys) => ctx.dedupe(i, keys),
            batch: (batch, bytes) => {
              ctx.addEvents(batch);
              read(bytes, batch.docs.length);
            },
            put: ctx.store,
            readEnded,
            numbered: (next) => split.numbered(k, next),
          },
          ctx.signal,
        );
      }
      if (result.cut) {
        state.error ??= { error: new DOMException('The scan was cancelled', 'AbortError') };
        last = split.cutShort(k, result);
      } else last = split.done(k, result);
    } catch (error) {
      state.error ??= { error };
      const late = lateOf<RangeRead>(error);
      if (late) state.late.push({ k, read: late });
      else if (state.events[k] > 0) state.untold = true;
      // The ranges after it fail with a cancel of their own: the late result is this range's
      // (carried on, a range waiting for its turn counted it as its own too).
      last = split.failed(
        k,
        late ? new DOMException('The scan was cancelled.', 'AbortError') : error,
      );
    }
    const begun = await state.begun;
    if (last && begun) await this.#finish(i, split, state, begun);
  }

  async #finish(i: number, split: SplitFile, state: FileState, begun: Begun): Promise<void> {
    const { ctx } = this;
    const progress = ctx.meter.files[i];
    const duplicates = ctx.duplicatesOf(i);
    const extra = duplicates ? { duplicates } : {};
    if (state.error || split.reads.some((r) => !r)) {
      const error = state.error?.error;
      // Cancelled: the ranges read whole and the one cut short say what the file gave.
      const cancelled = isAbort(error, ctx.signal);
      const untold = state.untold || state.late.some(({ k }) => state.events[k] > 0);
      const stopped = this.#stopped(i, begun, error, cancelled && !untold ? split.readSoFar : null);
      if (state.late.length && cancelled)
        ctx.late.add(ctx.indexOf(i), this.#lateRow(i, split, state, begun, error));
      return ctx.finish(i, stopped);
    }
    const diagnostics = mergeEvtxRanges(split.diagnostics);
    const done = withDiagnostics(begun.summary, diagnostics);
    const sha256 = await state.sha256;
    progress.bytesRead = ctx.files[i].size;
    const row: FileSummary = {
      ...done,
      sha256,
      warnings: sha256 === null ? [...done.warnings, NOT_HASHED_WARNING] : done.warnings,
      status: state.cut ? 'cancelled' : 'done',
      ...extra,
    };
    return ctx.finish(i, { row, diagnostics });
  }

  /**
   * The row of a cancelled file once the helpers the cancel answered for have said what they
   * read; null when one of them handed events on and then said nothing of them.
   */
  async #lateRow(
    i: number,
    split: SplitFile,
    state: FileState,
    begun: Begun,
    error: unknown,
  ): Promise<FileSummary | null> {
    if (state.untold) return null;
    const reads = await Promise.allSettled(state.late.map((l) => l.read));
    const came: { k: number; read: RangeRead }[] = [];
    for (const [j, own] of reads.entries()) {
      const { k } = state.late[j];
      if (own.status === 'fulfilled') came.push({ k, read: own.value });
      // A range waiting for its turn when the cancel came numbered nothing; fine.
      else if (state.events[k] > 0) return null;
    }
    return this.#stopped(i, begun, error, split.readSoFarWith(came)).row;
  }

  /**
   * The row of file `i` stopped by `error`: made from the ranges' `parts` merged when what it
   * read is known, else from the events it handed on.
   */
  #stopped(i: number, begun: Begun, error: unknown, parts: FileDiagnostics[] | null) {
    const { ctx } = this;
    const soFar = parts && mergeEvtxRanges(parts);
    const { row } = stoppedRow(begun.summary, error, ctx.signal, ctx.meter.files[i].events, {
      duplicates: ctx.duplicatesOf(i),
      partial: soFar,
    });
    return { row, diagnostics: soFar };
  }
}

/**
 * Reads every file with every reader of the pool: each takes the next file as soon as it is
 * free, so a big file does not hold up the rest, and a free reader joins a split file (a large
 * raw .evtx, read by all of them at once in ranges) first.
 */
export async function readAll(
  pool: readonly (RemoteReader | null)[],
  count: number,
  splits: ReadonlyMap<number, SplitFile>,
  reading: SplitReading,
  readFile: (i: number, reader: RemoteReader | null) => Promise<void>,
): Promise<void> {
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
        else if (next >= count) return held;
        else if (splits.has(next)) {
          const i = next++;
          await readPart(i, splits.get(i)!);
        } else await readFile(next++, reader);
      }
    }),
  );
}
