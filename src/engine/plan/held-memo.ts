// Which of a few conjuncts hold, remembered by the values of the fields they read. A conjunct's
// truth is a function of the values its fields hold (the same getters read them), and those
// values repeat endlessly (`process.name`, `process.parent.name`, `event.type`…): the
// exclusions of a large rule set (`not process.name : (…)`, `not (a and b)`) are evaluated
// once per distinct tuple of values instead of once per event. Values of other shapes
// (numbers, objects) are not remembered, and a memo that keeps missing (unique command
// lines) turns itself off rather than cost more than the evaluations it saves.
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';

/** Tuples remembered at most; past it the memo starts afresh (or turns off). */
const MEMO_SIZE = 4096;

/** A value the key can stand for exactly: text, null, absent, or a list of text and nulls. */
function keyable(v: unknown): boolean {
  if (v === undefined || v === null || typeof v === 'string') return true;
  if (!Array.isArray(v)) return false;
  for (const x of v) if (x !== null && typeof x !== 'string') return false;
  return true;
}

export class HeldMemo<U> {
  readonly #reads: readonly Evaluator[];
  readonly #units: readonly U[];
  readonly #holds: (unit: U, doc: Doc) => boolean;
  /** One field holding a string: by the string itself (no key to build). */
  readonly #byText = new Map<string, U[]>();
  /** Anything else keyable: by its JSON (absent written as 0, which no keyable value is). */
  readonly #byKey = new Map<string, U[]>();
  #hits = 0;
  #misses = 0;
  #off = false;

  constructor(
    reads: readonly Evaluator[],
    units: readonly U[],
    holds: (u: U, doc: Doc) => boolean,
  ) {
    this.#reads = reads;
    this.#units = units;
    this.#holds = holds;
  }

  /** The units that hold for `doc`; do not mutate. */
  held(doc: Doc): readonly U[] {
    if (this.#off) return this.#evaluate(doc);
    const reads = this.#reads;
    if (reads.length === 1) {
      const v = reads[0](doc);
      if (typeof v === 'string') return this.#lookup(this.#byText, v, doc);
      if (!keyable(v)) return this.#evaluate(doc);
      return this.#lookup(this.#byKey, JSON.stringify([v === undefined ? 0 : v]), doc);
    }
    const values: unknown[] = [];
    for (const read of reads) {
      const v = read(doc);
      if (!keyable(v)) return this.#evaluate(doc);
      values.push(v === undefined ? 0 : v);
    }
    return this.#lookup(this.#byKey, JSON.stringify(values), doc);
  }

  #lookup(map: Map<string, U[]>, key: string, doc: Doc): readonly U[] {
    const known = map.get(key);
    if (known !== undefined) {
      this.#hits++;
      return known;
    }
    this.#misses++;
    const held = this.#evaluate(doc);
    if (map.size >= MEMO_SIZE) {
      // Mostly new tuples: remembering them costs more than it saves.
      if (this.#misses > this.#hits) this.#off = true;
      map.clear();
    }
    if (!this.#off) map.set(key, held);
    return held;
  }

  #evaluate(doc: Doc): U[] {
    return this.#units.filter((u) => this.#holds(u, doc));
  }
}
