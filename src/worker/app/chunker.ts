// Groups a file's read batches into storage chunks. Reading goes in small batches so that a
// cancel is noticed quickly; storage takes bigger chunks so IndexedDB sees few, large writes.
import type { EventBatch } from './correlate.ts';
import type { EventChunk } from './model.ts';

/** Chunk numbers are spaced per file so files read at once never share one. */
export const CHUNKS_PER_FILE = 1_000_000;

/** Events per ingest batch: between two batches a cancel takes effect. */
export const READ_BATCH = 500;

export class ChunkBuilder {
  #next: number;
  /** Its `offsets` go once one batch has none: a chunk keeps its file's lines whole or not. */
  #pending: EventBatch | null = null;

  /**
   * `built` chunks of the file came before (a range of it goes on from the one before).
   * `source`: the file itself, for chunks whose texts are its lines (EventChunk.inFile).
   */
  constructor(
    private readonly sessionId: string,
    private readonly file: number,
    private readonly size: number,
    built = 0,
    private readonly source: Blob | null = null,
  ) {
    this.#next = file * CHUNKS_PER_FILE + built;
  }

  /** Chunks of the file handed out so far (the next builder's `built`). */
  get built(): number {
    return this.#next - this.file * CHUNKS_PER_FILE;
  }

  /** Takes a batch of the file (in order); hands back a chunk once one is full. */
  add(batch: EventBatch): EventChunk | null {
    const p = this.#pending;
    const texts = batch.texts ?? batch.raws.map(() => undefined);
    if (!p)
      this.#pending = {
        ...batch,
        docs: [...batch.docs],
        lines: [...batch.lines],
        raws: [...batch.raws],
        texts: [...texts],
        offsets: batch.offsets && [...batch.offsets],
      };
    else {
      p.docs.push(...batch.docs);
      p.lines.push(...batch.lines);
      p.raws.push(...batch.raws);
      p.texts!.push(...texts);
      if (p.offsets && batch.offsets) p.offsets.push(...batch.offsets);
      else p.offsets = undefined;
    }
    return this.#pending!.docs.length >= this.size ? this.flush() : null;
  }

  /** Whatever is pending, as a chunk (at the end of the file). */
  flush(): EventChunk | null {
    const p = this.#pending;
    this.#pending = null;
    if (!p || p.docs.length === 0) return null;
    return {
      sessionId: this.sessionId,
      chunkIndex: this.#next++,
      file: this.file,
      firstRecord: p.firstRecord,
      events: p.docs,
      lines: p.lines,
      raws: p.raws,
      texts: p.texts,
      ...(this.source && p.offsets ? { inFile: { source: this.source, offsets: p.offsets } } : {}),
    };
  }
}

/** The file itself when it is one (a browser File), for chunks that keep its lines in place. */
export function asBlob(file: unknown): Blob | null {
  return typeof Blob !== 'undefined' && file instanceof Blob ? file : null;
}

/** A stored chunk read back as the batch it was built from. */
export function chunkBatch(chunk: EventChunk): EventBatch {
  return {
    file: chunk.file,
    firstRecord: chunk.firstRecord,
    docs: chunk.events,
    lines: chunk.lines,
    raws: chunk.raws,
  };
}
