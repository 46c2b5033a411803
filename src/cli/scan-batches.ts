// A unit's candidate batches, kept as bytes until the correlator can take them. With
// `--threads`, a unit's candidates wait: in the thread that collects them until the unit
// ends, then until the units before it in its file are in (their record numbers come first).
// Held as objects, a unit's candidates (~35k for all 954 Elastic EQL rules over 32 MiB of
// NDJSON) outlived the young generation in every thread and were promoted, and the old
// generations grew to twice what was alive (bench/README.md, issue 13). As bytes (V8's
// structured clone, the one postMessage uses) they sit outside the heap; read back one batch
// at a time, as one thread hands them over, they die young again.
import { deserialize, serialize } from 'node:v8';
import type { Candidate, CandidateBatch, CollectedCounts } from '../engine/index.ts';

/** Batches as bytes: each batch ends at its `ends` entry. Transferable (one ArrayBuffer). */
export interface PackedBatches {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly ends: readonly number[];
}

/** What a batch holds of the queries it touched; the others had nothing. */
interface Touched {
  readonly queries: number[];
  readonly candidates: Candidate[][];
  readonly counts: CollectedCounts[];
  readonly events: number;
  readonly untimedByFile: Record<number, number>;
}

const untouched = (candidates: readonly Candidate[], c: CollectedCounts) =>
  candidates.length === 0 &&
  c.untilMatches === 0 &&
  c.untimed === 0 &&
  c.eventMatches === 0 &&
  c.nearMiss === null &&
  c.stopped === null &&
  c.stageMatches.every((n) => n === 0);

/**
 * Buffers handed back once their batches are in the correlator (a worker's, by message): a
 * unit's bytes are written into one, not into a new buffer each time. A transferred buffer
 * is freed only when the heap that received it collects its owner, promoted by then: fresh
 * ones piled up outside the heap between full collections (~4 MiB a unit).
 */
const spares: ArrayBuffer[] = [];
const SPARES = 1;
const FIRST_BYTES = 1 << 20;

export function recycle(buffer: ArrayBuffer): void {
  if (buffer.byteLength > 0 && spares.length < SPARES) spares.push(buffer);
}

/** Batches written one after another, as bytes. */
export class BatchPacker {
  #bytes: Uint8Array<ArrayBuffer> | null = null;
  #length = 0;
  #ends: number[] = [];

  get size(): number {
    return this.#ends.length;
  }

  push(batch: CandidateBatch): void {
    const touched: Touched = {
      queries: [],
      candidates: [],
      counts: [],
      events: batch.events,
      untimedByFile: batch.untimedByFile,
    };
    for (let q = 0; q < batch.candidates.length; q++) {
      if (untouched(batch.candidates[q], batch.counts[q])) continue;
      touched.queries.push(q);
      touched.candidates.push(batch.candidates[q]);
      touched.counts.push(batch.counts[q]);
    }
    const bytes = serialize(touched);
    let into = (this.#bytes ??= new Uint8Array(spares.pop() ?? new ArrayBuffer(FIRST_BYTES)));
    if (this.#length + bytes.length > into.length) {
      const grown = new Uint8Array(Math.max(2 * into.length, this.#length + bytes.length));
      grown.set(into.subarray(0, this.#length));
      this.#bytes = into = grown;
    }
    into.set(bytes, this.#length);
    this.#length += bytes.length;
    this.#ends.push(this.#length);
  }

  /** The batches so far, in their buffer (to transfer, then to recycle), and a fresh start. */
  take(): PackedBatches {
    const bytes = this.#bytes ?? new Uint8Array(0);
    const packed = { bytes: bytes.subarray(0, this.#length), ends: this.#ends };
    this.#bytes = null;
    this.#length = 0;
    this.#ends = [];
    return packed;
  }
}

const NONE: Candidate[] = Object.freeze([]) as unknown as Candidate[];
const NO_COUNTS: CollectedCounts = Object.freeze({
  stageMatches: Object.freeze([]) as unknown as number[],
  untilMatches: 0,
  untimed: 0,
  eventMatches: 0,
  nearMiss: null,
  stopped: null,
});

/** The packed batches one at a time, for `queries` queries, as the collector drained them. */
export function* unpack(packed: PackedBatches, queries: number): Generator<CandidateBatch> {
  let start = 0;
  for (const end of packed.ends) {
    const t = deserialize(packed.bytes.subarray(start, end)) as Touched;
    start = end;
    const candidates = new Array<Candidate[]>(queries).fill(NONE);
    const counts = new Array<CollectedCounts>(queries).fill(NO_COUNTS);
    t.queries.forEach((q, i) => {
      candidates[q] = t.candidates[i];
      counts[q] = t.counts[i];
    });
    yield { candidates, counts, events: t.events, untimedByFile: t.untimedByFile };
  }
}
