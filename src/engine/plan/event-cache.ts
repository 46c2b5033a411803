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

  readonly #cells = new Map<string, DottedCell>();

  /**
   * Whether the object the event reaches through `prefix` (`process`, `winlog.event_data`)
   * has a key with a dot, remembered per event: `object` is that object of the current event.
   */
  dottedAt(cell: DottedCell, object: object): boolean {
    if (cell.epoch !== this.epoch) {
      cell.dotted = false;
      for (const key in object)
        if (key.includes('.')) {
          cell.dotted = true;
          break;
        }
      cell.epoch = this.epoch;
    }
    return cell.dotted;
  }

  /** The memo of one object path, shared by every getter whose path goes through it. */
  cell(prefix: string): DottedCell {
    let c = this.#cells.get(prefix);
    if (!c) this.#cells.set(prefix, (c = { epoch: -1, dotted: false }));
    return c;
  }
}

export interface DottedCell {
  epoch: number;
  dotted: boolean;
}

/**
 * A field getter that answers "absent" at once when the event has neither the path's first
 * object nor any dotted top-level key: a rule set reads dozens of fields of other sources
 * (`okta.*`, `kubernetes.*`, `dll.*`…) that a given event never has, and the getter would
 * otherwise search every dotted spelling of each. Likewise when the path stops short
 * (`process.code_signature.trusted` in a process event without code signatures) and no
 * object on the way there has a dotted key: a dotted spelling (`{"code_signature.trusted":
 * …}` in `process`) can only start in one of them. Each such object is looked at once per
 * event, and only on a miss: a value found on the nested way is the one the full search
 * finds first. A list on the way takes the full search.
 */
function absentFast(path: string, cache: EventCache): Evaluator {
  const full = fieldGetter(path);
  // Interned, as fieldGetter's own: a property read with a string V8 has not interned looks it up first.
  const segments = path.split('.').map((s) => Object.keys({ [s]: 0 })[0]);
  const first = segments[0];
  const n = segments.length;
  // cells[i]: the object reached by segments[0..i-1] (i ≥ 1).
  const cells = segments.map((_, i) => cache.cell(segments.slice(0, i).join('.')));
  /** After a miss: whether a dotted key on the nested way could spell the path otherwise. */
  const dottedOnWay = (doc: Doc): boolean => {
    if (doc !== cache.doc || cache.topDotted(doc)) return true;
    let v: unknown = doc[first];
    for (let i = 1; i < n; i++) {
      if (typeof v !== 'object' || v === null) return false;
      if (cache.dottedAt(cells[i], v)) return true;
      if (!Object.hasOwn(v, segments[i])) return false;
      v = (v as Record<string, unknown>)[segments[i]];
    }
    return false;
  };
  return (doc) => {
    if (!Object.hasOwn(doc, first)) return cache.topDotted(doc) ? full(doc) : undefined;
    if (n === 1) return full(doc);
    let v: unknown = doc[first];
    for (let i = 1; i < n; i++) {
      if (typeof v !== 'object' || v === null) return dottedOnWay(doc) ? full(doc) : undefined;
      if (Array.isArray(v)) return full(doc);
      if (!Object.hasOwn(v, segments[i])) return dottedOnWay(doc) ? full(doc) : undefined;
      v = (v as Record<string, unknown>)[segments[i]];
    }
    return v !== undefined || !dottedOnWay(doc) ? v : full(doc);
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
