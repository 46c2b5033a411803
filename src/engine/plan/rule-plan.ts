// The whole rule set compiled into one dispatch structure. An event is routed by its category
// (as the category index always did), then, inside the category, by the values of the few
// fields the stages hash on: it meets only the stages whose dispatch key its values hold,
// plus the stages that have no key. Each field is read once per event (EventCache) and equal
// conjuncts of different rules are evaluated once (ConjunctPool).
//
// The result is exactly the stages whose own `test` holds, in the order the category index
// offered them (stages with `any` first, then by the event's categories, each in rule order).
import type { CompiledQuery, Doc } from '../../eql/compiled.ts';
import type { StageRef } from '../category-index.ts';
import { fieldReader } from '../field.ts';
import { EventCache, PlanContext } from './event-cache.ts';
import { ConjunctPool, planStage, type PlannedStage } from './planned-stage.ts';
import type { Evaluator } from '../../eql/compile-expr.ts';
import {
  file,
  fileAffix,
  has,
  mark,
  newAffix,
  newSketch,
  type Affix,
  type Sketch,
} from './literal-index.ts';

/** The stages of one category hashed on one field. */
interface FieldIndex {
  readonly field: string;
  readonly fold: boolean;
  readonly read: Evaluator;
  /** The value lower-cased, shared with the stages' own case-insensitive tests. */
  readonly lower: Evaluator;
  readonly byValue: Map<string, PlannedStage[]>;
  /** The values' sketch (see `Sketch`): most values no stage wants are not hashed. */
  readonly values: Sketch;
  /**
   * Stages by a literal start or end of their wildcard patterns, and those literals' lengths;
   * the starts by how many units they skip (`?:\\x`: one), in increasing order.
   */
  partial: { readonly prefixes: Affix[]; readonly suffix: Affix } | null;
  /** Every stage of the index: offered whole when the event's value is not plain strings. */
  readonly all: PlannedStage[];
}

interface Bucket {
  /** Stages without a dispatch key: tried on every event of the category. */
  readonly always: PlannedStage[];
  readonly indexes: FieldIndex[];
  seen: number;
}

interface Router {
  readonly category: (doc: Doc) => unknown;
  /** The category as the stages read it (their category check): the router may vouch for it. */
  readonly asStagesRead: Evaluator;
  readonly byCategory: Map<string, Bucket>;
  readonly any: Bucket;
}

export interface PlanOptions {
  /** Hash stages on their dispatch keys (default). false tries every stage of the category. */
  readonly dispatch?: boolean;
}

export interface PlanStats {
  /** Stages planned (until stages included). */
  readonly stages: number;
  /** Stages reached only through a dispatch key. */
  readonly dispatched: number;
  /** Distinct conjuncts compiled, and those shared by several stages. */
  readonly conjuncts: number;
  readonly sharedConjuncts: number;
  readonly events: number;
  /** Stage tests run. */
  readonly evaluated: number;
  /** Most stage tests run for one event. */
  readonly worst: number;
}

const newBucket = (): Bucket => ({ always: [], indexes: [], seen: -1 });

export class RulePlan {
  readonly #cache = new EventCache();
  readonly #routers: Router[] = [];
  readonly #stages: PlannedStage[] = [];
  // The stages an event matched and their ranks, the first #count of each: written in
  // place, never emptied (`length = 0` gives an array's store back, and the next event
  // grows it again).
  readonly #matched: PlannedStage[] = [];
  readonly #ranks: number[] = [];
  #count = 0;
  /** The result of each length, reused: #results[n] has n refs. */
  readonly #results: StageRef[][] = [[]];
  readonly #pool: ConjunctPool;
  readonly #ctx: PlanContext;
  readonly #shared: number;
  #rank = 0;
  #events = 0;
  #evaluated = 0;
  #worst = 0;

  constructor(
    queries: readonly CompiledQuery[],
    categoryFields: readonly string[],
    options: PlanOptions = {},
  ) {
    const ctx = new PlanContext(this.#cache);
    this.#ctx = ctx;
    this.#pool = new ConjunctPool(ctx, this.#cache);
    const dispatch = options.dispatch ?? true;
    const routers = new Map<string, Router>();
    queries.forEach((query, q) => {
      const field = categoryFields[q];
      let router = routers.get(field);
      if (!router) {
        router = {
          category: fieldReader(field),
          asStagesRead: ctx.getter(field),
          byCategory: new Map(),
          any: newBucket(),
        };
        routers.set(field, router);
        this.#routers.push(router);
      }
      const stages = query.until ? [...query.stages, query.until] : query.stages;
      for (const stage of stages) {
        const planned = planStage(
          { query: q, stage },
          query,
          this.#stages.length,
          this.#pool,
          ctx,
          dispatch,
          field,
        );
        this.#stages.push(planned);
        const cat = stage.category?.toLowerCase() ?? null;
        let bucket = router.any;
        if (cat !== null) {
          bucket = router.byCategory.get(cat) ?? newBucket();
          router.byCategory.set(cat, bucket);
        }
        place(bucket, planned, ctx);
      }
    });
    this.#shared = this.#pool.seal();
  }

  /**
   * Its compile context, whose field getters remember their values for the event `matching`
   * was last called with: another plan over the same events can read fields through it.
   */
  get context(): PlanContext {
    return this.#ctx;
  }

  /**
   * The stages the event matches, in the category index's order. The array is reused:
   * read it before the next call, and do not change it.
   */
  matching(doc: Doc): readonly StageRef[] {
    const cache = this.#cache;
    cache.begin(doc);
    const epoch = cache.epoch;
    this.#count = 0;
    const before = this.#evaluated;
    for (let r = 0; r < this.#routers.length; r++) {
      const router = this.#routers[r];
      // Ranks order the result as the category index did: router, then category group.
      const base = r * 2 ** 40;
      this.#offer(router.any, doc, epoch, base, false);
      const raw = router.category(doc);
      const same = raw === router.asStagesRead(doc);
      if (typeof raw === 'string') {
        const lower = this.#lower(raw);
        const bucket = router.byCategory.get(lower);
        if (bucket) this.#offer(bucket, doc, epoch, base + 2 ** 20, same && lower === raw);
      } else if (Array.isArray(raw)) {
        for (let i = 0; i < raw.length; i++) {
          const c: unknown = raw[i];
          if (typeof c !== 'string') continue;
          const lower = this.#lower(c);
          const bucket = router.byCategory.get(lower);
          if (!bucket || bucket.seen === epoch) continue;
          bucket.seen = epoch;
          this.#offer(bucket, doc, epoch, base + (i + 1) * 2 ** 20, same && lower === c);
        }
      }
    }
    this.#events++;
    const n = this.#evaluated - before;
    if (n > this.#worst) this.#worst = n;
    return this.#ordered();
  }

  // Category values repeat endlessly: remember their lower case (bounded).
  readonly #lowerMemo = new Map<string, string>();

  #lower(value: string): string {
    let lower = this.#lowerMemo.get(value);
    if (lower === undefined) {
      lower = value.toLowerCase();
      if (this.#lowerMemo.size < 4096) this.#lowerMemo.set(value, lower);
    }
    return lower;
  }

  /** `exact`: the event's category is exactly the bucket's, as the stages read it. */
  #offer(bucket: Bucket, doc: Doc, epoch: number, rank: number, exact: boolean): void {
    this.#rank = rank;
    this.#exact = exact;
    for (const s of bucket.always) this.#try(s, exact && s.bare ? s.bare.test : s.test, doc, epoch);
    for (const index of bucket.indexes) {
      const v = index.read(doc);
      if (v === undefined || v === null) continue;
      if (typeof v === 'string')
        this.#hits(index, index.fold ? (index.lower(doc) as string) : v, doc, epoch);
      else if (!Array.isArray(v) || !this.#eachString(index, v, doc, epoch))
        for (const s of index.all) this.#try(s, exact && s.bare ? s.bare.test : s.test, doc, epoch);
    }
  }

  #exact = false;

  /** Offers the stages hashed on each string of a multi-valued field; false if one is not a string. */
  #eachString(index: FieldIndex, values: readonly unknown[], doc: Doc, epoch: number): boolean {
    for (const x of values) {
      if (x === null || x === undefined) continue;
      if (typeof x === 'string') this.#hits(index, index.fold ? x.toLowerCase() : x, doc, epoch);
      else if (!Array.isArray(x) || !this.#eachString(index, x, doc, epoch)) return false;
    }
    return true;
  }

  /** `key`: the value, lower-cased for a folding index. */
  #hits(index: FieldIndex, key: string, doc: Doc, epoch: number): void {
    const n = key.length;
    const stages =
      n === 0 || has(index.values, n, key.charCodeAt(0) ^ (key.charCodeAt(n - 1) << 3))
        ? index.byValue.get(key)
        : undefined;
    const exact = this.#exact;
    if (stages)
      for (const s of stages) this.#try(s, exact && s.bare ? s.bare.rest : s.rest, doc, epoch);
    if (index.partial === null) return;
    const prefixes = index.partial.prefixes;
    for (let i = 0; i < prefixes.length; i++) this.#affixHits(prefixes[i], key, doc, epoch);
    this.#affixHits(index.partial.suffix, key, doc, epoch);
  }

  /** A literal start (or end) only narrows: such a stage runs its whole test. */
  #affixHits(affix: Affix, key: string, doc: Doc, epoch: number): void {
    const end = affix.end;
    const skip = affix.skip;
    const lengths = affix.lengths.get(key.charCodeAt(end ? key.length - 1 : skip));
    if (lengths === undefined) return;
    const exact = this.#exact;
    const sketch = affix.sketch;
    for (const n of lengths) {
      if (skip + n > key.length) continue;
      // The text's inner character, read in place: most lengths are ruled out unsliced.
      if (!has(sketch, n, key.charCodeAt(end ? key.length - n : skip + n - 1))) continue;
      const hit = affix.byText.get(end ? key.slice(key.length - n) : key.slice(skip, skip + n));
      if (hit)
        for (const s of hit) this.#try(s, exact && s.bare ? s.bare.test : s.test, doc, epoch);
    }
  }

  #try(s: PlannedStage, test: (doc: Doc) => boolean, doc: Doc, epoch: number): void {
    if (s.seen === epoch) return;
    s.seen = epoch;
    s.tried++;
    this.#evaluated++;
    if (!test(doc)) return;
    const n = this.#count++;
    this.#matched[n] = s;
    this.#ranks[n] = this.#rank + s.ordinal;
  }

  /**
   * The matched stages by rank. Ranks are distinct (a stage is tried once per event, and its
   * ordinal is its own), and the stages come mostly in rank order already: an insertion sort
   * in place, into the reused result of that length, allocates nothing.
   */
  #ordered(): readonly StageRef[] {
    const n = this.#count;
    if (n === 0) return EMPTY;
    const m = this.#matched;
    const ranks = this.#ranks;
    for (let i = 1; i < n; i++) {
      const s = m[i];
      const r = ranks[i];
      let j = i - 1;
      for (; j >= 0 && ranks[j] > r; j--) {
        m[j + 1] = m[j];
        ranks[j + 1] = ranks[j];
      }
      m[j + 1] = s;
      ranks[j + 1] = r;
    }
    while (this.#results.length <= n) this.#results.push(new Array<StageRef>(this.#results.length));
    const out = this.#results[n];
    for (let i = 0; i < n; i++) out[i] = m[i].ref;
    return out;
  }

  /** The stages tried most often: where a rule set's time goes. */
  busiest(count: number): { query: number; text: string; tried: number }[] {
    return [...this.#stages]
      .sort((a, b) => b.tried - a.tried)
      .slice(0, count)
      .map((s) => ({ query: s.ref.query, text: s.ref.stage.text, tried: s.tried }));
  }

  stats(): PlanStats {
    return {
      stages: this.#stages.length,
      dispatched: this.#stages.filter((s) => s.dispatch !== null).length,
      conjuncts: this.#pool.distinct,
      sharedConjuncts: this.#shared,
      events: this.#events,
      evaluated: this.#evaluated,
      worst: this.#worst,
    };
  }
}

const EMPTY: readonly StageRef[] = [];

/** Files a stage under its category's bucket: hashed on each atom of its key, or always. */
function place(bucket: Bucket, s: PlannedStage, ctx: PlanContext): void {
  if (s.dispatch === null) {
    bucket.always.push(s);
    return;
  }
  for (const atom of s.dispatch) {
    let index = bucket.indexes.find((i) => i.field === atom.field && i.fold === atom.fold);
    if (!index) {
      index = {
        field: atom.field,
        fold: atom.fold,
        read: ctx.getter(atom.field),
        lower: ctx.lowered(atom.field),
        byValue: new Map(),
        values: newSketch(),
        partial: null,
        all: [],
      };
      bucket.indexes.push(index);
    }
    if (!index.all.includes(s)) index.all.push(s);
    for (const v of new Set(atom.values)) {
      file(index.byValue, v, s);
      if (v !== '')
        mark(index.values, v.length, v.charCodeAt(0) ^ (v.charCodeAt(v.length - 1) << 3));
    }
    if (atom.prefixes?.length || atom.suffixes?.length) {
      const partial = (index.partial ??= { prefixes: [], suffix: newAffix(false, 0) });
      for (const p of atom.prefixes ?? []) {
        let skip = 0;
        while (p.charCodeAt(skip) === 63 /* ? */) skip++;
        let affix = partial.prefixes.find((a) => a.skip === skip);
        if (!affix) {
          partial.prefixes.push((affix = newAffix(true, skip)));
          partial.prefixes.sort((a, b) => a.skip - b.skip);
        }
        fileAffix(affix, p.slice(skip), s);
      }
      for (const x of atom.suffixes ?? []) fileAffix(partial.suffix, x, s);
    }
  }
}
