// The fields a near-miss count reads, read by one walk of the event: `process.name`,
// `process.parent.name`, `process.args`… share their way, and `process.code_signature.*`
// (absent from most events) is found absent once for all of them. The plan's getters each walk
// their path from the event, through two wrappers; that was the largest part of a count.
// What it reads is what the getter of the same path (PlanContext.getter) reads, exactly: a
// value found on the nested way is the one the getter finds first, and a path that stops short
// is absent when neither the event nor an object on the way has a dotted key (the getter's own
// test); anything else (a dotted key, a list on the way) is left to the getter.
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';
import type { EventCache } from './event-cache.ts';

/** One key on the way to the fields read. */
interface Step {
  readonly key: string;
  /** The field ending here (its slot), or -1. */
  readonly slot: number;
  readonly next: Step[];
  /** Every field at or under it, for when the walk leaves them to their getters. */
  readonly slots: number[];
  /** The event whose object here was looked at for dotted keys, and what was found. */
  seen: number;
  dotted: boolean;
}

/** A field read, and where its value goes. */
export interface WalkedField {
  readonly path: string;
  readonly slot: number;
}

/** Where the walk puts a value: the slot of its field. */
export type Put = (slot: number, value: unknown) => void;

// Interned, as fieldGetter's own keys: a property read with a string V8 has not interned looks
// it up in the string table first.
const intern = (s: string) => Object.keys({ [s]: 0 })[0];

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function hasDottedKey(o: object): boolean {
  for (const key in o) if (key.includes('.')) return true;
  return false;
}

export class FieldWalk {
  readonly #top: Step[] = [];
  readonly #cache: EventCache;
  /** Per slot, its getter (for the values the walk leaves to it). */
  readonly #getters: Evaluator[];
  /** The plain objects on the way to the step being read, and their steps (index 0 unused). */
  readonly #objects: object[] = [];
  readonly #steps: Step[] = [];
  #put: Put = () => undefined;
  #doc: Doc = {};

  /** `getter`: the exact getter of a path, for the values the walk leaves to it. */
  constructor(
    fields: readonly WalkedField[],
    cache: EventCache,
    getter: (path: string) => Evaluator,
  ) {
    this.#cache = cache;
    this.#getters = [];
    for (const { path, slot } of fields) {
      this.#getters[slot] = getter(path);
      let level = this.#top;
      const keys = path.split('.');
      keys.forEach((k, i) => {
        const key = intern(k);
        let step = level.find((s) => s.key === key);
        if (!step) {
          step = { key, slot: -1, next: [], slots: [], seen: -1, dotted: false };
          level.push(step);
        }
        step.slots.push(slot);
        if (i === keys.length - 1) (step as { slot: number }).slot = slot;
        level = step.next;
      });
    }
  }

  /** Puts the value of every field of `doc`, the cache's current event. */
  read(doc: Doc, put: Put): void {
    this.#put = put;
    this.#doc = doc;
    this.#level(this.#top, doc, 0);
  }

  /** Reads the steps `level` from `o`, the plain object reached by `depth` steps. */
  #level(level: readonly Step[], o: Record<string, unknown>, depth: number): void {
    for (const step of level) {
      const v = Object.hasOwn(o, step.key) ? o[step.key] : undefined;
      if (v === undefined) {
        this.#stopped(step, depth);
        continue;
      }
      if (step.slot >= 0) this.#put(step.slot, v);
      if (step.next.length === 0) continue;
      if (isPlain(v)) {
        this.#objects[depth + 1] = v;
        this.#steps[depth + 1] = step;
        this.#level(step.next, v, depth + 1);
      } else if (Array.isArray(v)) this.#left(step, step.slot);
      else this.#stopped(step, depth, step.slot);
    }
  }

  /**
   * The fields under `step` (but `except`), whose way stops after `depth` plain objects:
   * absent unless the event or one of those objects has a dotted key, when a getter reads them.
   */
  #stopped(step: Step, depth: number, except = -1): void {
    if (this.#dotted(depth)) this.#left(step, except);
    else for (const slot of step.slots) if (slot !== except) this.#put(slot, undefined);
  }

  /** Whether the event or one of the first `depth` objects on the way has a dotted key. */
  #dotted(depth: number): boolean {
    const cache = this.#cache;
    if (cache.topDotted(this.#doc)) return true;
    const epoch = cache.epoch;
    for (let d = 1; d <= depth; d++) {
      const step = this.#steps[d];
      if (step.seen !== epoch) {
        step.dotted = hasDottedKey(this.#objects[d]);
        step.seen = epoch;
      }
      if (step.dotted) return true;
    }
    return false;
  }

  /** The fields under `step` (but `except`) as their getters read them. */
  #left(step: Step, except: number): void {
    for (const slot of step.slots)
      if (slot !== except) this.#put(slot, this.#getters[slot](this.#doc));
  }
}
