// Which of a few conjuncts hold, remembered by the values of the fields they read, and counted
// per distinct tuple of those values. A conjunct's truth is a function of the values its fields
// hold (the same getters read them), and those values repeat endlessly (`process.name`,
// `process.parent.name`, `event.type`…): the exclusions of a large rule set (`not process.name
// : (…)`, `not (a and b)`) are worked out once per distinct tuple of values instead of once per
// event. Nor are their counts added per event: an event adds one to its tuple's count, and a
// tuple's count goes to each unit held for it only when the counts are read (`flush`), when
// the memo forgets its tuples, or when the value numbers start afresh. Values of other shapes
// (numbers, objects) are not remembered (those events are credited at once), and a memo that
// keeps missing (unique command lines) turns itself off rather than cost more than it saves.
import type { Doc } from '../../eql/compiled.ts';
import { TupleTable } from './tuple-table.ts';
import { UNNUMBERED, type ValueIds } from './value-ids.ts';

/** Tuples remembered at most; past it the memo starts afresh (or turns off). */
export const MEMO_SIZE = 4096;

export class HeldMemo<U> {
  readonly #ids: readonly ((doc: Doc) => number)[];
  readonly #values: ValueIds;
  readonly #held: (doc: Doc) => readonly U[];
  readonly #credit: (unit: U, events: number) => void;
  readonly #table: TupleTable;
  /** The event's tuple, read into one reused array. */
  readonly #key: Int32Array;
  /** Per entry of the table: the units that hold for its tuple, and events not yet credited. */
  #heldOf: (readonly U[])[] = [];
  #counts = new Float64Array(16);
  #generation: number;
  #hits = 0;
  #misses = 0;
  #off = false;

  /**
   * `ids`: per field read, its value's number (see ValueIds.reader); `held`: the units that hold
   * for an event, worked out; `credit`: adds `events` to a unit's count.
   */
  constructor(
    ids: readonly ((doc: Doc) => number)[],
    values: ValueIds,
    held: (doc: Doc) => readonly U[],
    credit: (unit: U, events: number) => void,
  ) {
    this.#ids = ids;
    this.#values = values;
    this.#generation = values.generation;
    this.#held = held;
    this.#credit = credit;
    this.#table = new TupleTable(ids.length);
    this.#key = new Int32Array(Math.max(1, ids.length));
  }

  /** Whether it gave up remembering (mostly new tuples): each event is then worked out. */
  get off(): boolean {
    return this.#off;
  }

  /** Counts one event: each unit that holds for it gets one, now or at the next flush. */
  add(doc: Doc): void {
    if (this.#off) return this.#now(doc);
    const ids = this.#ids;
    const key = this.#key;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i](doc);
      if (id === UNNUMBERED) return this.#now(doc);
      key[i] = id;
    }
    if (this.#generation !== this.#values.generation) {
      // The numbers of the tuples held now stand for other values.
      this.#forget();
      this.#generation = this.#values.generation;
    }
    const table = this.#table;
    const size = table.size;
    const e = table.intern(key);
    if (table.size === size) {
      this.#hits++;
      this.#counts[e]++;
      return;
    }
    this.#misses++;
    if (e >= this.#counts.length) {
      const counts = new Float64Array(this.#counts.length * 2);
      counts.set(this.#counts);
      this.#counts = counts;
    }
    this.#heldOf[e] = this.#held(doc);
    this.#counts[e] = 1;
    if (table.size >= MEMO_SIZE) {
      // Mostly new tuples: remembering them costs more than it saves.
      if (this.#misses > this.#hits) this.#off = true;
      this.#forget();
    }
  }

  /** Credits every event counted so far; the tuples are kept. */
  flush(): void {
    const counts = this.#counts;
    const heldOf = this.#heldOf;
    for (let e = 0; e < this.#table.size; e++) {
      const n = counts[e];
      if (n === 0) continue;
      counts[e] = 0;
      for (const u of heldOf[e]) this.#credit(u, n);
    }
  }

  /** Credits what is owed and forgets every tuple. */
  #forget(): void {
    this.flush();
    this.#table.clear();
    this.#heldOf = [];
  }

  #now(doc: Doc): void {
    for (const u of this.#held(doc)) this.#credit(u, 1);
  }
}
