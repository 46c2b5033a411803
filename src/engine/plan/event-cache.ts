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
}

/**
 * A field getter that answers "absent" at once when the event has neither the path's first
 * object nor any dotted top-level key: a rule set reads dozens of fields of other sources
 * (`okta.*`, `kubernetes.*`, `dll.*`…) that a given event never has, and the getter would
 * otherwise search every dotted spelling of each.
 */
function absentFast(path: string, cache: EventCache): Evaluator {
  const full = fieldGetter(path);
  const first = path.split('.')[0];
  return (doc) => (Object.hasOwn(doc, first) || cache.topDotted(doc) ? full(doc) : undefined);
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
