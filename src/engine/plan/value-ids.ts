// Small numbers standing for field values, once per event: the near-miss memos (HeldMemo) key
// on the values of the fields a conjunct reads, and dozens of them read `process.args`,
// `process.executable`… A value is looked up here once per event, not once per memo. Text,
// numbers, true and false, and lists of text are numbered; equal values get equal numbers.
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';
import type { EventCache } from './event-cache.ts';
import { TupleTable } from './tuple-table.ts';

/** Absent, null, true, false; and a value of a shape not numbered (an object): not remembered. */
export const ABSENT = 0;
export const NULL = 1;
export const TRUE = 2;
export const FALSE = 3;
export const UNNUMBERED = -1;
/** The empty list. */
const EMPTY = 4;
/** The first number given to a value met. */
const FIRST = 5;

/** Numbers given out before they all start afresh (memos holding old ones then clear). */
const MAX_IDS = 1 << 20;

/** Text, or a list of text and nulls: values a number can stand for exactly. */
function listOfText(v: unknown[]): boolean {
  for (const x of v) if (x !== null && typeof x !== 'string') return false;
  return true;
}

export class ValueIds {
  readonly #cache: EventCache;
  readonly #texts = new Map<string, number>();
  /**
   * A list of text is numbered item by item: the list of its first k + 1 items is the pair (the
   * number of the list of its first k, the number of item k + 1), numbered in `#pairs`. Equal
   * lists, equal numbers, and no text is made for them (JSON.stringify of `process.args`, with
   * a Windows path's every backslash escaped, on most events).
   */
  readonly #pairs = new TupleTable(2, 1024);
  /** Per entry of `#pairs`, its number. */
  #pairIds = new Int32Array(1024);
  readonly #pair = new Int32Array(2);
  /** Numbers (`process.pid`, `process.args_count`) by value; -0 is not numbered (1 / -0 differs). */
  readonly #numbers = new Map<number, number>();
  readonly #max: number;
  #next = FIRST;
  /** The event the last number was given for. */
  #epoch = -1;
  /**
   * Bumped whenever the numbers start afresh: only at an event's first number, so every number
   * of one event is of one generation (a memo that finds its generation moved on forgets its
   * tuples before it keys on the event's numbers).
   */
  generation = 0;

  /** `maxIds`: numbers given out before they start afresh (smaller in tests). */
  constructor(cache: EventCache, maxIds = MAX_IDS) {
    this.#cache = cache;
    this.#max = maxIds;
  }

  /** The number of the value `read` gives for the current event, worked out once per event. */
  reader(read: Evaluator): (doc: Doc) => number {
    const cache = this.#cache;
    let stamp = -1;
    let id = UNNUMBERED;
    return (doc) => {
      if (stamp === cache.epoch && doc === cache.doc) return id;
      id = this.id(read(doc));
      if (doc === cache.doc) stamp = cache.epoch;
      return id;
    };
  }

  /** Begins the current event's numbers: where they start afresh, if they are to. */
  begin(): void {
    this.#fresh();
  }

  /** Whether the numbers start afresh at the next event numbered (see `generation`). */
  get spent(): boolean {
    return this.#next >= this.#max;
  }

  /** The number of value `v` of the current event (the cache's): equal values, equal numbers. */
  id(v: unknown): number {
    if (v === undefined) return ABSENT;
    if (v === null) return NULL;
    if (typeof v === 'string') return this.#number(this.#texts, v);
    if (typeof v === 'number')
      return v === 0 && 1 / v < 0 ? UNNUMBERED : this.#number(this.#numbers, v);
    if (typeof v === 'boolean') return v ? TRUE : FALSE;
    if (Array.isArray(v) && listOfText(v)) return this.#list(v as (string | null)[]);
    return UNNUMBERED;
  }

  /** Before a number of the current event: the numbers start afresh if spent, at its first. */
  #fresh(): void {
    const epoch = this.#cache.epoch;
    if (this.#next >= this.#max && epoch !== this.#epoch) {
      this.#texts.clear();
      this.#pairs.clear();
      this.#numbers.clear();
      this.#next = FIRST;
      this.generation++;
    }
    this.#epoch = epoch;
  }

  #list(v: readonly (string | null)[]): number {
    this.#fresh();
    const pair = this.#pair;
    let id = EMPTY;
    for (const x of v) {
      pair[0] = id;
      pair[1] = x === null ? NULL : this.#known(this.#texts, x);
      const pairs = this.#pairs;
      const size = pairs.size;
      const e = pairs.intern(pair);
      if (pairs.size === size) id = this.#pairIds[e];
      else {
        if (e >= this.#pairIds.length) {
          const ids = new Int32Array(this.#pairIds.length * 2);
          ids.set(this.#pairIds);
          this.#pairIds = ids;
        }
        id = this.#pairIds[e] = this.#next++;
      }
    }
    return id;
  }

  #number<K>(map: Map<K, number>, key: K): number {
    this.#fresh();
    return this.#known(map, key);
  }

  #known<K>(map: Map<K, number>, key: K): number {
    const known = map.get(key);
    if (known !== undefined) return known;
    const id = this.#next++;
    map.set(key, id);
    return id;
  }
}
