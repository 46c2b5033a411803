// The events of one category (one bucket of NearMissPlan) on their way to its memos: each event
// is read into the numbers of its fields' values (EventNumbers: once per event, whichever
// buckets read a field), kept as a row, and a memo counts a whole batch of rows in one go. A
// hundred memos taking turns on every event each found their table and arrays out of the
// cache; counting a batch, a memo has them at hand, and a memo whose fields no event of the
// batch has (most fields of a large rule set belong to other sources) reads no row at all.
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';
import type { FieldWalk } from './field-walk.ts';
import type { HeldMemo } from './held-memo.ts';
import type { ValueIds } from './value-ids.ts';

/** Per field read (its slot), the number of its value in the current event. */
export class EventNumbers {
  readonly ids: Int32Array;
  /** Per slot, the event its number was read for. */
  readonly #stamps: Int32Array;
  readonly #values: ValueIds;
  readonly #reads: readonly Evaluator[];
  /** The current event (counted from 1). */
  #event = 0;
  /** Per slot, the last text numbered and its number, of generation `#generation`. */
  readonly #texts: (string | undefined)[];
  readonly #textIds: Int32Array;
  #generation: number;

  /** `reads`: per slot, how its field is read. */
  constructor(values: ValueIds, reads: readonly Evaluator[]) {
    this.#values = values;
    this.#reads = reads;
    this.ids = new Int32Array(reads.length);
    this.#stamps = new Int32Array(reads.length);
    this.#texts = new Array<string | undefined>(reads.length).fill(undefined);
    this.#textIds = new Int32Array(reads.length);
    this.#generation = values.generation;
  }

  /** A new event (the cache's current one): every number is to be read again. */
  next(): void {
    this.#event++;
    this.#values.begin();
    if (this.#generation !== this.#values.generation) {
      this.#generation = this.#values.generation;
      this.#texts.fill(undefined);
    }
  }

  /** Numbers the current event's `value` of the field in `slot`, unless it was already. */
  readonly put = (slot: number, value: unknown): void => {
    if (this.#stamps[slot] === this.#event) return;
    this.ids[slot] = this.#id(slot, value);
    this.#stamps[slot] = this.#event;
  };

  /** The number of the current event's value in `slot`, read when it was not yet. */
  of(slot: number, doc: Doc): number {
    if (this.#stamps[slot] !== this.#event) {
      this.ids[slot] = this.#id(slot, this.#reads[slot](doc));
      this.#stamps[slot] = this.#event;
    }
    return this.ids[slot];
  }

  /**
   * A text equal to the field's text in the event before has its number: comparing the two
   * costs less than hashing the new one (`host.os.type`, `event.action`, `user.domain`…).
   */
  #id(slot: number, value: unknown): number {
    if (typeof value !== 'string') return this.#values.id(value);
    if (value === this.#texts[slot]) return this.#textIds[slot];
    const id = this.#values.id(value);
    this.#texts[slot] = value;
    this.#textIds[slot] = id;
    return id;
  }
}

export class MemoBatch<U> {
  readonly #numbers: EventNumbers;
  readonly #capacity: number;
  readonly #memos: HeldMemo<U>[] = [];
  /** Per memo, the columns it reads. */
  readonly #reads: Int32Array[] = [];
  /** Per column, the slot of its field. */
  readonly #slots: number[] = [];
  readonly #columnOf = new Map<number, number>();
  /** The rows: field c of row r at `c * capacity + r`. */
  #columns = new Int32Array(0);
  /** Per column, nonzero when a row has the field (numbers OR-ed: absent is 0). */
  #present = new Int32Array(0);
  #docs: Doc[] = [];
  #rows = 0;
  /** Reads fields into the numbers before a row is taken (the fields no one read first). */
  walk: FieldWalk | null = null;

  /** `capacity`: rows kept before the memos count them (1: counted at once). */
  constructor(numbers: EventNumbers, capacity: number) {
    this.#numbers = numbers;
    this.#capacity = capacity;
  }

  /** The slots of the fields its memos read. */
  get slots(): readonly number[] {
    return this.#slots;
  }

  get rows(): number {
    return this.#rows;
  }

  get empty(): boolean {
    return this.#memos.length === 0;
  }

  /** Adds a memo reading the fields in `slots`, made by `make` with where it finds them. */
  addMemo(slots: readonly number[], make: (at: number[]) => HeldMemo<U>): void {
    const read = Int32Array.from(slots, (slot) => {
      let c = this.#columnOf.get(slot);
      if (c === undefined) {
        this.#columnOf.set(slot, (c = this.#slots.length));
        this.#slots.push(slot);
      }
      return c;
    });
    this.#reads.push(read);
    this.#memos.push(make([...read].map((c) => c * this.#capacity)));
    this.#columns = new Int32Array(this.#slots.length * this.#capacity);
    this.#present = new Int32Array(this.#slots.length);
  }

  /** Takes the current event as a row; true when the batch is full (then `drain` it). */
  add(doc: Doc): boolean {
    const numbers = this.#numbers;
    this.walk?.read(doc, numbers.put);
    const slots = this.#slots;
    const columns = this.#columns;
    const present = this.#present;
    const capacity = this.#capacity;
    const r = this.#rows++;
    for (let c = 0, at = r; c < slots.length; c++, at += capacity) {
      const id = numbers.of(slots[c], doc);
      columns[at] = id;
      present[c] |= id;
    }
    this.#docs[r] = doc;
    return r + 1 === capacity;
  }

  /** Has the memos count the rows. */
  drain(): void {
    const memos = this.#memos;
    const present = this.#present;
    const rows = this.#rows;
    if (rows === 0) return;
    for (let m = 0; m < memos.length; m++) {
      let any = 0;
      for (const c of this.#reads[m]) any |= present[c];
      if (any === 0) memos[m].addAbsent(rows, this.#docs[0]);
      else memos[m].add(this.#columns, rows, this.#docs);
    }
    present.fill(0);
    this.#rows = 0;
  }

  /** Credits what the memos counted (drain first); the events of the rows are let go. */
  flush(): void {
    for (const memo of this.#memos) memo.flush();
    this.#docs = [];
  }
}
