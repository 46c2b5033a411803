// Candidate batches as columns, for a collector on another thread than its correlator
// (`sequent scan --threads N`). A worker that kept a whole unit's candidates as objects
// (~37k of them for 32 MiB of NDJSON and a large rule set) promoted them all before the unit
// ended, and the correlator's thread then made them all again out of the message: both
// heaps grew for garbage. Packed, the worker drains its collector every batch, as one thread
// does, into typed arrays it reuses from unit to unit; the correlator pushes the rows into its
// columns without making an object of them (`Correlator.addPacked`).
// The common candidate (one hit, one join key, no document, no tiebreaker) is a row; the
// others travel as they are, beside the rows.
import type { Candidate, CandidateBatch, CollectedCounts } from './types.ts';

/** A unit's candidates and counts, structured-clone safe. Rows are in the order collected. */
export interface PackedBatch {
  readonly rows: number;
  readonly query: Uint32Array;
  readonly ts: Float64Array;
  readonly file: Uint32Array;
  readonly record: Float64Array;
  /** NaN: no offset. */
  readonly offset: Float64Array;
  readonly stage: Int32Array;
  /** ≥ 0: the row's join key in `keys`; −1 − i: the row is `others[i]`. */
  readonly key: Int32Array;
  /** The distinct join keys of the rows. */
  readonly keys: string[];
  readonly others: Candidate[];
  /** Per query, summed over the batches packed (CandidateBatch's). */
  readonly counts: CollectedCounts[];
  readonly events: number;
  readonly untimedByFile: Record<number, number>;
}

const FIRST_ROWS = 1 << 12;

/** A query's counts over the batches packed, added up in place. */
type Sums = { -readonly [K in keyof CollectedCounts]: CollectedCounts[K] };

const NO_COUNTS: CollectedCounts = {
  stageMatches: [],
  untilMatches: 0,
  untimed: 0,
  eventMatches: 0,
  nearMiss: null,
  stopped: null,
};

/** Adds a batch's events without a usable timestamp, per file, to `into`. */
export function addUntimed(into: Record<number, number>, from: Record<number, number>): void {
  for (const [file, n] of Object.entries(from)) {
    const f = Number(file);
    into[f] = (into[f] ?? 0) + n;
  }
}

/** Packs a collector's drained batches; `take` hands them over as one and starts afresh. */
export class CandidatePacker {
  /** Queries per batch: set by the first batch, or given. */
  #queries: number | null;
  #rows = 0;
  #query = new Uint32Array(FIRST_ROWS);
  #ts = new Float64Array(FIRST_ROWS);
  #file = new Uint32Array(FIRST_ROWS);
  #record = new Float64Array(FIRST_ROWS);
  #offset = new Float64Array(FIRST_ROWS);
  #stage = new Int32Array(FIRST_ROWS);
  #key = new Int32Array(FIRST_ROWS);
  #keys: string[] = [];
  #keyIndex = new Map<string, number>();
  #others: Candidate[] = [];
  #sums: (Sums | null)[] = [];
  #events = 0;
  #untimedByFile: Record<number, number> = {};

  constructor(queries?: number) {
    this.#queries = queries ?? null;
    this.#sums = new Array<Sums | null>(queries ?? 0).fill(null);
  }

  add(batch: CandidateBatch): void {
    if (this.#queries === null) {
      this.#queries = batch.counts.length;
      this.#sums = new Array<Sums | null>(this.#queries).fill(null);
    }
    if (batch.counts.length !== this.#queries)
      throw new Error(
        `candidate batch holds ${batch.counts.length} queries, the packer ${this.#queries}`,
      );
    this.#events += batch.events;
    addUntimed(this.#untimedByFile, batch.untimedByFile);
    for (let q = 0; q < batch.counts.length; q++) {
      const c = batch.counts[q];
      // A drain hands the queries it did not touch one shared empty entry: nothing to sum.
      if (
        c.stageMatches.length > 0 ||
        c.untilMatches ||
        c.untimed ||
        c.eventMatches ||
        c.nearMiss ||
        c.stopped !== null
      )
        this.#sum(q, c);
      const list = batch.candidates[q];
      for (let i = 0; i < list.length; i++) this.#push(q, list[i]);
    }
  }

  #sum(q: number, c: CollectedCounts): void {
    let s = this.#sums[q];
    if (s === null) this.#sums[q] = s = { ...NO_COUNTS, stageMatches: [] };
    const sm = c.stageMatches;
    for (let i = 0; i < sm.length; i++) s.stageMatches[i] = (s.stageMatches[i] ?? 0) + sm[i];
    s.untilMatches += c.untilMatches;
    s.untimed += c.untimed;
    s.eventMatches += c.eventMatches;
    if (c.nearMiss) {
      const near = (s.nearMiss ??= c.nearMiss.map((row) => row.map(() => 0)));
      c.nearMiss.forEach((row, st) => row.forEach((n, i) => (near[st][i] += n)));
    }
    s.stopped ??= c.stopped;
  }

  #push(q: number, c: Candidate): void {
    const r = this.#rows;
    if (r === this.#ts.length) this.#grow();
    this.#query[r] = q;
    this.#ts[r] = c.ts;
    this.#file[r] = c.file;
    this.#record[r] = c.record;
    this.#offset[r] = c.offset ?? Number.NaN;
    const hit = c.hits.length === 1 ? c.hits[0] : null;
    if (hit !== null && hit.keys.length === 1 && c.doc === undefined && c.tb === null) {
      const key = hit.keys[0];
      let k = this.#keyIndex.get(key);
      if (k === undefined) {
        k = this.#keys.length;
        this.#keys.push(key);
        this.#keyIndex.set(key, k);
      }
      this.#stage[r] = hit.stage;
      this.#key[r] = k;
    } else {
      this.#stage[r] = 0;
      this.#key[r] = -1 - this.#others.length;
      this.#others.push(c);
    }
    this.#rows = r + 1;
  }

  #grow(): void {
    const n = this.#ts.length * 2;
    const wider = <T extends Uint32Array | Float64Array | Int32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.#query = wider(this.#query, (n) => new Uint32Array(n));
    this.#ts = wider(this.#ts, (n) => new Float64Array(n));
    this.#file = wider(this.#file, (n) => new Uint32Array(n));
    this.#record = wider(this.#record, (n) => new Float64Array(n));
    this.#offset = wider(this.#offset, (n) => new Float64Array(n));
    this.#stage = wider(this.#stage, (n) => new Int32Array(n));
    this.#key = wider(this.#key, (n) => new Int32Array(n));
  }

  /** Everything packed since the last take, as copies; the packer keeps its arrays for the next. */
  take(): PackedBatch {
    const n = this.#rows;
    const packed: PackedBatch = {
      rows: n,
      query: this.#query.slice(0, n),
      ts: this.#ts.slice(0, n),
      file: this.#file.slice(0, n),
      record: this.#record.slice(0, n),
      offset: this.#offset.slice(0, n),
      stage: this.#stage.slice(0, n),
      key: this.#key.slice(0, n),
      keys: this.#keys,
      others: this.#others,
      counts: this.#sums.map((s) => s ?? NO_COUNTS),
      events: this.#events,
      untimedByFile: this.#untimedByFile,
    };
    this.#rows = 0;
    this.#keys = [];
    this.#keyIndex = new Map();
    this.#others = [];
    this.#sums = new Array<Sums | null>(this.#queries ?? 0).fill(null);
    this.#events = 0;
    this.#untimedByFile = {};
    return packed;
  }
}

/** Row `r` of a packed batch as the candidate it was, its record `base` further on. */
export function unpackRow(batch: PackedBatch, r: number, base: number): Candidate {
  const k = batch.key[r];
  if (k < 0) {
    const c = batch.others[-1 - k];
    return base === 0 ? c : { ...c, record: c.record + base };
  }
  const offset = batch.offset[r];
  const hits = [{ stage: batch.stage[r], keys: [batch.keys[k]] }];
  const ts = batch.ts[r];
  const file = batch.file[r];
  const record = batch.record[r] + base;
  return Number.isNaN(offset)
    ? { ts, tb: null, file, record, hits }
    : { ts, tb: null, file, record, hits, offset };
}
