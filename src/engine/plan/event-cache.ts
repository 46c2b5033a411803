// One compile context for a whole rule set, whose field getters remember their value for
// the event being evaluated: a thousand rules reading `process.name` read it once per
// event, and an absent field (the slow path: a search for dotted keys) is searched once.
// Matchers are shared too, so equal patterns across rules compile once.
import { CompileContext, type Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';
import { fieldGetter } from '../../eql/fields.ts';

/** The event currently being evaluated; a new epoch invalidates every remembered value. */
export class EventCache {
  doc: Doc | null = null;
  epoch = 0;

  begin(doc: Doc): void {
    this.doc = doc;
    this.epoch++;
  }

  #dottedEpoch = -1;
  #dotted = false;

  /** Whether the event has a top-level key with a dot in it (`{"okta.event_type": …}`). */
  topDotted(doc: Doc): boolean {
    if (doc !== this.doc) return true;
    if (this.#dottedEpoch !== this.epoch) {
      this.#dotted = false;
      for (const key in doc)
        if (key.includes('.')) {
          this.#dotted = true;
          break;
        }
      this.#dottedEpoch = this.epoch;
    }
    return this.#dotted;
  }

  #deepEpoch = -1;
  #deep = false;

  /**
   * Whether an object of the event reached through objects alone (not lists: a path through a
   * list takes the full search anyway) has a key with a dot, at any depth.
   */
  anyDotted(doc: Doc): boolean {
    if (doc !== this.doc) return true;
    if (this.#deepEpoch !== this.epoch) {
      this.#deep = dottedWithin(doc);
      this.#deepEpoch = this.epoch;
    }
    return this.#deep;
  }
}

function dottedWithin(obj: object): boolean {
  for (const key in obj) {
    if (key.includes('.')) return true;
    const v = (obj as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && dottedWithin(v)) return true;
  }
  return false;
}

/**
 * A field getter that answers "absent" at once when the event has neither the path's first
 * object nor any dotted top-level key: a rule set reads dozens of fields of other sources
 * (`okta.*`, `kubernetes.*`, `dll.*`…) that a given event never has, and the getter would
 * otherwise search every dotted spelling of each. Likewise when the path stops short inside
 * an event with no dotted key anywhere (`process.code_signature.trusted` in a process event
 * without code signatures): only a list on the way needs the full search then.
 */
function absentFast(path: string, cache: EventCache): Evaluator {
  const full = fieldGetter(path);
  // Interned, as fieldGetter's own: a property read with a string V8 has not interned looks it up first.
  const segments = path.split('.').map((s) => Object.keys({ [s]: 0 })[0]);
  const first = segments[0];
  const n = segments.length;
  return (doc) => {
    if (!Object.hasOwn(doc, first)) return cache.topDotted(doc) ? full(doc) : undefined;
    if (n === 1 || cache.anyDotted(doc)) return full(doc);
    let v: unknown = doc[first];
    for (let i = 1; i < n; i++) {
      if (typeof v !== 'object' || v === null) return undefined;
      if (Array.isArray(v)) return full(doc);
      if (!Object.hasOwn(v, segments[i])) return undefined;
      v = (v as Record<string, unknown>)[segments[i]];
    }
    return v;
  };
}

/** Remembers `compute(doc)` for the current event of `cache`. */
export function cached(cache: EventCache, compute: Evaluator): Evaluator {
  let stamp = -1;
  let value: unknown;
  return (doc) => {
    if (stamp === cache.epoch && doc === cache.doc) return value;
    value = compute(doc);
    if (doc === cache.doc) stamp = cache.epoch;
    return value;
  };
}

export class PlanContext extends CompileContext {
  readonly #cache: EventCache;
  readonly #cachedGetters = new Map<string, Evaluator>();
  readonly #lowered = new Map<string, Evaluator>();

  constructor(cache: EventCache) {
    super();
    this.#cache = cache;
  }

  /** The event its getters remember their values for. */
  get cache(): EventCache {
    return this.#cache;
  }

  override getter(path: string): Evaluator {
    let g = this.#cachedGetters.get(path);
    if (!g) this.#cachedGetters.set(path, (g = cached(this.#cache, absentFast(path, this.#cache))));
    return g;
  }

  /** The field's text lower-cased, once per event; undefined when it is not a string. */
  lowered(path: string): Evaluator {
    let g = this.#lowered.get(path);
    if (!g) {
      const read = this.getter(path);
      g = cached(this.#cache, (doc) => {
        const v = read(doc);
        return typeof v === 'string' ? v.toLowerCase() : undefined;
      });
      this.#lowered.set(path, g);
    }
    return g;
  }
}
