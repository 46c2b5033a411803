// Small numbers standing for field values, once per event: the near-miss memos (HeldMemo) key
// on the values of the fields a conjunct reads, and dozens of them read `process.args`,
// `process.executable`… A value is looked up here once per event, not once per memo.
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';
import type { EventCache } from './event-cache.ts';

/** Absent, null, and a value of a shape not numbered (a number, an object): not remembered. */
export const ABSENT = 0;
export const NULL = 1;
export const UNNUMBERED = -1;

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
  /** Lists by their JSON, which tells lists of text apart exactly. */
  readonly #lists = new Map<string, number>();
  readonly #max: number;
  #next = 2;
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
      id = this.#id(read(doc));
      if (doc === cache.doc) stamp = cache.epoch;
      return id;
    };
  }

  #id(v: unknown): number {
    if (v === undefined) return ABSENT;
    if (v === null) return NULL;
    if (typeof v === 'string') return this.#number(this.#texts, v);
    if (Array.isArray(v) && listOfText(v)) return this.#number(this.#lists, JSON.stringify(v));
    return UNNUMBERED;
  }

  #number(map: Map<string, number>, key: string): number {
    const epoch = this.#cache.epoch;
    if (this.#next >= this.#max && epoch !== this.#epoch) {
      this.#texts.clear();
      this.#lists.clear();
      this.#next = 2;
      this.generation++;
    }
    this.#epoch = epoch;
    const known = map.get(key);
    if (known !== undefined) return known;
    const id = this.#next++;
    map.set(key, id);
    return id;
  }
}
