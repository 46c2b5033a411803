// Which of a few conjuncts hold, remembered by the values of the fields they read, and counted
// per distinct tuple of those values. A conjunct's truth is a function of the values its fields
// hold (the same getters read them), and those values repeat endlessly (`process.name`,
// `process.parent.name`, `event.type`…): the exclusions of a large rule set (`not process.name
// : (…)`, `not (a and b)`) are worked out once per distinct tuple of values instead of once per
// event. Nor are their counts added per event: an event adds one to its tuple's count, and a
// tuple's count goes to each unit held for it only when the counts are read (`flush`), when
// the memo forgets its tuples, or when the value numbers start afresh. Values of other shapes
// (objects, lists of anything but text) are not remembered (those events are credited at
// once), and a memo that keeps missing (unique command lines) turns itself off rather than
// cost more than it saves. Events come in batches (see memo-batch.ts); an event with every
// field absent looks up no tuple, nor one repeating the tuple of the event before.
import type { Doc } from '../../eql/compiled.ts';
import { TupleTable } from './tuple-table.ts';
import { ABSENT, UNNUMBERED, type ValueIds } from './value-ids.ts';

/** Tuples remembered at most; past it the memo starts afresh (or turns off). */
export const MEMO_SIZE = 4096;

export class HeldMemo<U> {
  /** Per field read, where its values' numbers lie in the batch of events (see `add`). */
  readonly #slots: Int32Array;
  readonly #values: ValueIds;
  readonly #held: (doc: Doc) => readonly U[];
  readonly #credit: (unit: U, events: number) => void;
  readonly #table: TupleTable;
  /** The event's tuple, read into one reused array. */
  readonly #key: Int32Array;
  /** Per entry of the table: the units that hold for its tuple, and events not yet credited. */
  #heldOf: (readonly U[])[] = [];
  #counts = new Float64Array(16);
  /**
   * Events with every field absent, not yet credited, and the units that hold for them (null
   * until one is met): no tuple is looked up for them, and absent is the same number in every
   * generation. Most of a large rule set's groups read fields of other sources.
   */
  #absent = 0;
  /** The entry of the tuple last looked up (still in `#key`), or -1. */
  #last = -1;
  #heldAbsent: readonly U[] | null = null;
  #generation: number;
  #hits = 0;
  #misses = 0;
  #off = false;

  /**
   * `slots`: per field read, the offset of its values' numbers in the batches `add` is given
   * (see ValueIds); `held`: the units that hold for an event, worked out; `credit`: adds
   * `events` to a unit's count.
   */
  constructor(
    slots: readonly number[],
    values: ValueIds,
    held: (doc: Doc) => readonly U[],
    credit: (unit: U, events: number) => void,
  ) {
    this.#slots = Int32Array.from(slots);
    this.#values = values;
    this.#generation = values.generation;
    this.#held = held;
    this.#credit = credit;
    this.#table = new TupleTable(slots.length);
    this.#key = new Int32Array(Math.max(1, slots.length));
  }

  /** Whether it gave up remembering (mostly new tuples): each event is then worked out. */
  get off(): boolean {
    return this.#off;
  }

  /**
   * Counts events: each unit that holds for one gets one, now or at the next flush. Event r of
   * `docs` (r < n) has the number of field i's value (of the current generation of `values`)
   * at `ids[slots[i] + r]`: a plan lays a batch of events out field by field, and a memo then
   * counts the batch in one go, its own table and arrays at hand.
   */
  add(ids: Int32Array, n: number, docs: readonly Doc[]): void {
    const slots = this.#slots;
    const key = this.#key;
    const table = this.#table;
    rows: for (let r = 0; r < n; r++) {
      if (this.#off) {
        this.#now(docs[r]);
        continue;
      }
      // `key` still holds the last tuple looked up, entry `#last`: nearby events often repeat it.
      let any = 0;
      let changed = 0;
      for (let i = 0; i < slots.length; i++) {
        const id = ids[slots[i] + r];
        if (id === UNNUMBERED) {
          this.#last = -1;
          this.#now(docs[r]);
          continue rows;
        }
        changed |= key[i] ^ id;
        key[i] = id;
        any |= id;
      }
      if (any === ABSENT) {
        this.#heldAbsent ??= this.#held(docs[r]);
        this.#absent++;
        continue;
      }
      if (this.#generation !== this.#values.generation) {
        // The numbers of the tuples held now stand for other values.
        this.#forget();
        this.#generation = this.#values.generation;
      } else if (changed === 0 && this.#last >= 0) {
        this.#hits++;
        this.#counts[this.#last]++;
        continue;
      }
      const size = table.size;
      const e = table.intern(key);
      if (table.size === size) {
        this.#hits++;
        this.#counts[e]++;
        this.#last = e;
        continue;
      }
      this.#last = e;
      this.#miss(e, docs[r]);
    }
  }

  /** Counts `n` events with every field absent, `doc` one of them. */
  addAbsent(n: number, doc: Doc): void {
    this.#heldAbsent ??= this.#held(doc);
    this.#absent += n;
  }

  #miss(e: number, doc: Doc): void {
    this.#misses++;
    if (e >= this.#counts.length) {
      const counts = new Float64Array(this.#counts.length * 2);
      counts.set(this.#counts);
      this.#counts = counts;
    }
    this.#heldOf[e] = this.#held(doc);
    this.#counts[e] = 1;
    if (this.#table.size >= MEMO_SIZE) {
      // Mostly new tuples: remembering them costs more than it saves.
      if (this.#misses > this.#hits) this.#off = true;
      this.#forget();
    }
  }

  /** Credits every event counted so far; the tuples are kept. */
  flush(): void {
    if (this.#absent > 0) {
      for (const u of this.#heldAbsent!) this.#credit(u, this.#absent);
      this.#absent = 0;
    }
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
    this.#last = -1;
    this.#table.clear();
    this.#heldOf = [];
  }

  #now(doc: Doc): void {
    for (const u of this.#held(doc)) this.#credit(u, 1);
  }
}
