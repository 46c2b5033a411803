// A query's candidates held between collecting and matching, in columns rather than objects.
// A large rule set keeps over a million candidates for a million events (a broad first stage
// of a sequence matches a third of them), and as objects each costs some 200 bytes (the
// candidate, its hits array, the hit, boxed numbers). Here the common candidate — one hit,
// one join key, no document — costs about 27 bytes (19 of columns, small numbers kept in
// narrow arrays, and its key's reference); the rare others are kept as they came.
// Candidates come back as equal objects, one query at a time, only when the query is matched.
import { NarrowColumn } from './narrow-column.ts';
import { compareTiebreaker } from './ordinal.ts';
import type { Candidate, StageHit } from './types.ts';

const FIRST_CAPACITY = 64;
/**
 * Past this many rows a column grows by this many, not by doubling: doubled columns left up
 * to half of a large query's columns empty, and the last seconds of a scan, its peak RSS,
 * held that slack for every large query at once.
 */
const GROWTH_STEP = 1 << 16;

export class CandidateStore {
  #length = 0;
  #ts = new Float64Array(0);
  #record = new NarrowColumn((n) => new Uint32Array(n));
  /** "none": the candidate has no offset (the page collects none); the column stays narrow. */
  #offset = new NarrowColumn((n) => new Uint32Array(n), { none: 0xffff_ffff });
  #file = new NarrowColumn((n) => new Uint16Array(n));
  #stage = new NarrowColumn((n) => new Int8Array(n));
  /** The single join key of a compact candidate; the candidate itself when it is not compact. */
  #key: (string | Candidate)[] = [];
  /** Tiebreaker values, only once one is not null. */
  #tb: Candidate['tb'][] | null = null;

  get length(): number {
    return this.#length;
  }

  push(c: Candidate): void {
    const i = this.#length;
    if (i === this.#ts.length) this.#grow();
    const compact = c.hits.length === 1 && c.hits[0].keys.length === 1 && c.doc === undefined;
    this.#ts[i] = c.ts;
    this.#record.set(i, c.record);
    if (c.offset === undefined) this.#offset.setNone(i);
    else this.#offset.set(i, c.offset);
    this.#file.set(i, c.file);
    this.#stage.set(i, compact ? c.hits[0].stage : 0);
    this.#key.push(compact ? c.hits[0].keys[0] : c);
    if (c.tb !== null) (this.#tb ??= new Array<Candidate['tb']>(i).fill(null))[i] = c.tb;
    else this.#tb?.push(null);
    this.#length++;
  }

  /**
   * A compact candidate (one hit, one join key, no document, no tiebreaker) given by its
   * fields: the store holds it as `push` would hold the object.
   */
  pushCompact(
    ts: number,
    file: number,
    record: number,
    offset: number | undefined,
    stage: number,
    key: string,
  ): void {
    const i = this.#length;
    if (i === this.#ts.length) this.#grow();
    this.#ts[i] = ts;
    this.#record.set(i, record);
    if (offset === undefined) this.#offset.setNone(i);
    else this.#offset.set(i, offset);
    this.#file.set(i, file);
    this.#stage.set(i, stage);
    this.#key.push(key);
    this.#tb?.push(null);
    this.#length++;
  }

  pushAll(list: readonly Candidate[]): void {
    for (const c of list) this.push(c);
  }

  /** Every candidate, in the order pushed, as objects equal to those pushed; empties the store. */
  take(): Candidate[] {
    const out = new Array<Candidate>(this.#length);
    const make = this.#maker();
    for (let i = 0; i < this.#length; i++) out[i] = make(i);
    this.#clear();
    return out;
  }

  /** The distinct join keys of each stage (`stages` of them; until hits not counted), read off the columns. */
  keySets(stages: number): Set<string>[] {
    const sets = Array.from({ length: stages }, () => new Set<string>());
    const stage = this.#stage.view();
    for (let i = 0; i < this.#length; i++) {
      const key = this.#key[i];
      if (typeof key === 'string') {
        if (stage[i] >= 0) sets[stage[i]].add(key);
        continue;
      }
      for (const h of key.hits) if (h.stage >= 0) for (const k of h.keys) sets[h.stage].add(k);
    }
    return sets;
  }

  /**
   * Every candidate in `compareOrdinal` order, each made only when the caller reaches it (a
   * sequence matcher keeps only the few still pending), then the store is empty. Sorting an
   * index over the columns gives the order an array sort by `compareOrdinal` would.
   * `wanted(stage, key)` may leave out candidates of one hit and one key (the others always
   * come): never made, never sorted.
   */
  *takeSorted(wanted?: (stage: number, key: string) => boolean): Generator<Candidate> {
    const ts = this.#ts;
    const tb = this.#tb;
    const file = this.#file.view();
    const record = this.#record.view();
    const stage = this.#stage.view();
    let n = 0;
    const order = new Uint32Array(this.#length);
    for (let i = 0; i < this.#length; i++) {
      const key = this.#key[i];
      if (wanted && typeof key === 'string' && !wanted(stage[i], key)) continue;
      order[n++] = i;
    }
    order.subarray(0, n).sort((a, b) => {
      if (ts[a] !== ts[b]) return ts[a] < ts[b] ? -1 : 1;
      const t = tb ? compareTiebreaker(tb[a], tb[b]) : 0;
      if (t !== 0) return t;
      if (file[a] !== file[b]) return file[a] - file[b];
      // Array sort is stable: equal candidates keep the order they were pushed in.
      return record[a] - record[b] || a - b;
    });
    const make = this.#maker();
    try {
      for (let k = 0; k < n; k++) yield make(order[k]);
    } finally {
      this.#clear();
    }
  }

  /** Makes candidate `i` back into an object; equal keys share one array, as the collector had them. */
  #maker(): (i: number) => Candidate {
    const keyArrays = new Map<string, readonly string[]>();
    return (i) => {
      const key = this.#key[i];
      if (typeof key !== 'string') return key;
      let keys = keyArrays.get(key);
      if (!keys) keyArrays.set(key, (keys = [key]));
      const hits: StageHit[] = [{ stage: this.#stage.get(i), keys }];
      const offset = this.#offset.getOrNone(i);
      return {
        ts: this.#ts[i],
        tb: this.#tb?.[i] ?? null,
        file: this.#file.get(i),
        record: this.#record.get(i),
        hits,
        ...(offset === undefined ? {} : { offset }),
      };
    };
  }

  #grow(): void {
    const n = this.#ts.length;
    const size = Math.max(FIRST_CAPACITY, n + Math.min(n, GROWTH_STEP));
    const ts = new Float64Array(size);
    ts.set(this.#ts);
    this.#ts = ts;
    for (const column of [this.#record, this.#offset, this.#file, this.#stage]) column.resize(size);
  }

  #clear(): void {
    this.#length = 0;
    this.#ts = new Float64Array(0);
    for (const column of [this.#record, this.#offset, this.#file, this.#stage]) column.resize(0);
    this.#key = [];
    this.#tb = null;
  }

  /** Bytes the columns take, slack included (the key and tiebreaker arrays are not counted). */
  get columnBytes(): number {
    return (
      this.#ts.byteLength +
      this.#record.byteLength +
      this.#offset.byteLength +
      this.#file.byteLength +
      this.#stage.byteLength
    );
  }
}
