// Which of a few conjuncts hold, remembered by the values of the fields they read. A conjunct's
// truth is a function of the values its fields hold (the same getters read them), and those
// values repeat endlessly (`process.name`, `process.parent.name`, `event.type`…): the
// exclusions of a large rule set (`not process.name : (…)`, `not (a and b)`) are evaluated
// once per distinct tuple of values instead of once per event. Values of other shapes
// (numbers, objects) are not remembered, and a memo that keeps missing (unique command
// lines) turns itself off rather than cost more than the evaluations it saves.
import type { Doc } from '../../eql/compiled.ts';
import { UNNUMBERED, type ValueIds } from './value-ids.ts';

/** Tuples remembered at most; past it the memo starts afresh (or turns off). */
const MEMO_SIZE = 4096;

/** Below 2^21 ids (ValueIds gives fewer), two of them make one exact number. */
const PAIR = 2 ** 21;

export class HeldMemo<U> {
  readonly #ids: readonly ((doc: Doc) => number)[];
  readonly #values: ValueIds;
  readonly #units: readonly U[];
  readonly #holds: (unit: U, doc: Doc) => boolean;
  readonly #held = new Map<number | string, U[]>();
  #generation: number;
  #hits = 0;
  #misses = 0;
  #off = false;

  /** `ids`: per field read, its value's number (see ValueIds.reader). */
  constructor(
    ids: readonly ((doc: Doc) => number)[],
    values: ValueIds,
    units: readonly U[],
    holds: (u: U, doc: Doc) => boolean,
  ) {
    this.#ids = ids;
    this.#values = values;
    this.#generation = values.generation;
    this.#units = units;
    this.#holds = holds;
  }

  /** The units that hold for `doc`; do not mutate. */
  held(doc: Doc): readonly U[] {
    if (this.#off) return this.#evaluate(doc);
    const key = this.#key(doc);
    if (key === null) return this.#evaluate(doc);
    if (this.#generation !== this.#values.generation) {
      this.#held.clear();
      this.#generation = this.#values.generation;
    }
    const known = this.#held.get(key);
    if (known !== undefined) {
      this.#hits++;
      return known;
    }
    this.#misses++;
    const held = this.#evaluate(doc);
    if (this.#held.size >= MEMO_SIZE) {
      // Mostly new tuples: remembering them costs more than it saves.
      if (this.#misses > this.#hits) this.#off = true;
      this.#held.clear();
    }
    if (!this.#off) this.#held.set(key, held);
    return held;
  }

  /** The tuple of value numbers as one key; null when a value has none. */
  #key(doc: Doc): number | string | null {
    const ids = this.#ids;
    if (ids.length === 0) return 0;
    const a = ids[0](doc);
    if (a === UNNUMBERED) return null;
    if (ids.length === 1) return a;
    const b = ids[1](doc);
    if (b === UNNUMBERED) return null;
    if (ids.length === 2) return a * PAIR + b;
    let key = `${a},${b}`;
    for (let i = 2; i < ids.length; i++) {
      const n = ids[i](doc);
      if (n === UNNUMBERED) return null;
      key += `,${n}`;
    }
    return key;
  }

  #evaluate(doc: Doc): U[] {
    return this.#units.filter((u) => this.#holds(u, doc));
  }
}
