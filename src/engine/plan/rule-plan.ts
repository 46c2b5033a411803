// The whole rule set compiled into one dispatch structure. An event is routed by its category
// (as the category index always did), then, inside the category, by the values of the few
// fields the stages hash on: it meets only the stages whose dispatch key its values hold,
// plus the stages that have no key. Each field is read once per event (EventCache) and equal
// conjuncts of different rules are evaluated once (ConjunctPool).
//
// Per event, the router first finds its shape (the `any` bucket and its categories' buckets)
// and tests the shape's gates: the cheap conjuncts many stages share (`host.os.type ==
// "windows"`, `event.type == "start"`), each once, and only while some stage still needs it.
// Shape and gates lead to one visit plan, made when first met: every indexed field of those
// buckets once (the buckets' indexes merged), offering only the stages whose gates all hold,
// each testing its other conjuncts. Events of other operating systems or event types do not
// read the fields nor try the stages of rules written for them.
//
// The result is exactly the stages whose own `test` holds, in the order the category index
// offered them (stages with `any` first, then by the event's categories, each in rule order).
import type { CompiledQuery, Doc } from '../../eql/compiled.ts';
import type { StageRef } from '../category-index.ts';
import { fieldReader } from '../field.ts';
import { EventCache, PlanContext } from './event-cache.ts';
import { Gates, GATE_USES, MAX_STEPS, type Bucket, type Shape } from './gates.ts';
import { has, type Affix } from './literal-index.ts';
import {
  ConjunctPool,
  keyCountsOf,
  planStage,
  type PlannedStage,
  type StageTest,
} from './planned-stage.ts';
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Entry, FieldIndex, VisitPlan } from './visit-plan.ts';

interface Router {
  readonly category: (doc: Doc) => unknown;
  /** The category as the stages read it (their category check): the router may vouch for it. */
  readonly asStagesRead: Evaluator;
  readonly byCategory: Map<string, Bucket>;
  readonly any: Bucket;
  /** Events without a category bucket. */
  none: Shape | null;
  /** Events with several category buckets, by their ids and exactness. */
  readonly several: Map<number | string, Shape>;
}

/** Shapes of several categories per router before the memo starts afresh. */
const MAX_SHAPES = 256;

export interface PlanOptions {
  /** Hash stages on their dispatch keys (default). false tries every stage of the category. */
  readonly dispatch?: boolean;
  /**
   * Conjuncts shared by at least this many stages of a router become its gates (default 4;
   * Infinity: none). Tests lower it so that generated rule sets have gates.
   */
  readonly gateUses?: number;
  /** Steps and visit plans per event shape before its open plan (default 256). For tests. */
  readonly maxSteps?: number;
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
  /** Gates chosen, over all routers, and visit plans built so far. */
  readonly gates: number;
  readonly plans: number;
}

export class RulePlan {
  readonly #cache = new EventCache();
  readonly #routers: Router[] = [];
  readonly #stages: PlannedStage[] = [];
  readonly #gates: Gates;
  // The stages an event matched and their ranks, the first #count of each: written in
  // place, never emptied (`length = 0` gives an array's store back, and the next event
  // grows it again).
  readonly #matched: PlannedStage[] = [];
  readonly #ranks: number[] = [];
  #count = 0;
  /** The result of each length, reused: #results[n] has n refs. */
  readonly #results: StageRef[][] = [[]];
  /** An event's category buckets and whether each is exact, while its shape is looked up. */
  readonly #met: Bucket[] = [];
  readonly #metExact: boolean[] = [];
  readonly #pool: ConjunctPool;
  readonly #ctx: PlanContext;
  readonly #shared: number;
  #base = 0;
  #buckets = 0;
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
    this.#gates = new Gates(ctx, options.gateUses ?? GATE_USES, options.maxSteps ?? MAX_STEPS);
    const routers = new Map<string, Router>();
    const stagesOf = new Map<Router, PlannedStage[]>();
    const counts = keyCountsOf(queries);
    queries.forEach((query, q) => {
      const field = categoryFields[q];
      let router = routers.get(field);
      if (!router) {
        router = {
          category: fieldReader(field),
          asStagesRead: ctx.getter(field),
          byCategory: new Map(),
          any: this.#newBucket(),
          none: null,
          several: new Map(),
        };
        routers.set(field, router);
        this.#routers.push(router);
        stagesOf.set(router, []);
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
          counts,
        );
        this.#stages.push(planned);
        stagesOf.get(router)!.push(planned);
        const cat = stage.category?.toLowerCase() ?? null;
        let bucket = router.any;
        if (cat !== null) {
          bucket = router.byCategory.get(cat) ?? this.#newBucket();
          router.byCategory.set(cat, bucket);
        }
        bucket.stages.push(planned);
      }
    });
    for (const stages of stagesOf.values()) this.#gates.choose(stages);
    this.#shared = this.#pool.seal();
  }

  #newBucket(): Bucket {
    return { id: this.#buckets++, stages: [], alone: [null, null], seen: -1 };
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
      // Ranks order the result as the category index did: router, then category group.
      this.#base = r * 2 ** 40;
      const shape = this.#shapeOf(this.#routers[r], doc, epoch);
      this.#visit(this.#gates.planOf(shape, doc), doc, epoch);
    }
    this.#events++;
    const n = this.#evaluated - before;
    if (n > this.#worst) this.#worst = n;
    return this.#ordered();
  }

  /** The event's buckets: its category read as the router reads it, lower-cased. */
  #shapeOf(router: Router, doc: Doc, epoch: number): Shape {
    const raw = router.category(doc);
    if (typeof raw === 'string') {
      const lower = this.#lower(raw);
      const bucket = router.byCategory.get(lower);
      if (!bucket) return (router.none ??= this.#gates.shape(router.any, []));
      // The stages read the category themselves unless the router's value is theirs, lower case.
      const exact = lower === raw && raw === router.asStagesRead(doc) ? 1 : 0;
      return (bucket.alone[exact] ??= this.#gates.shape(router.any, [
        { bucket, exact: exact === 1 },
      ]));
    }
    if (!Array.isArray(raw)) return (router.none ??= this.#gates.shape(router.any, []));
    const met = this.#met;
    const metExact = this.#metExact;
    let n = 0;
    let same: boolean | null = null;
    for (let i = 0; i < raw.length; i++) {
      const c: unknown = raw[i];
      if (typeof c !== 'string') continue;
      const lower = this.#lower(c);
      const bucket = router.byCategory.get(lower);
      if (!bucket || bucket.seen === epoch) continue;
      bucket.seen = epoch;
      same ??= raw === router.asStagesRead(doc);
      met[n] = bucket;
      metExact[n++] = same && lower === c;
    }
    if (n === 0) return (router.none ??= this.#gates.shape(router.any, []));
    if (n === 1) {
      const exact = metExact[0];
      return (met[0].alone[exact ? 1 : 0] ??= this.#gates.shape(router.any, [
        { bucket: met[0], exact },
      ]));
    }
    const key = this.#severalKey(n);
    let shape = router.several.get(key);
    if (!shape) {
      if (router.several.size >= MAX_SHAPES) router.several.clear();
      const list = met.slice(0, n).map((bucket, i) => ({ bucket, exact: metExact[i] }));
      shape = this.#gates.shape(router.any, list);
      router.several.set(key, shape);
    }
    return shape;
  }

  /**
   * The key of the first `n` met buckets and their exactness: a number (one digit per bucket,
   * never 0, so lists of different lengths differ) while it fits, or else a string. Built per
   * event, so it should not be a new string each time.
   */
  #severalKey(n: number): number | string {
    const met = this.#met;
    const metExact = this.#metExact;
    const base = 2 * this.#buckets + 1;
    if (n <= 3 && base <= 1 << 17) {
      let key = 0;
      for (let i = 0; i < n; i++) key = key * base + 2 * met[i].id + (metExact[i] ? 2 : 1);
      return key;
    }
    let key = '';
    for (let i = 0; i < n; i++) key += `${met[i].id}${metExact[i] ? 'e' : ''},`;
    return key;
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

  #visit(plan: VisitPlan, doc: Doc, epoch: number): void {
    const always = plan.always;
    for (let i = 0; i < always.length; i++) this.#try(always[i], always[i].test, doc, epoch);
    const indexes = plan.indexes;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i];
      const v = index.read(doc);
      if (v === undefined || v === null) continue;
      if (typeof v === 'string')
        this.#hits(index, index.fold ? (index.lower(doc) as string) : v, doc, epoch);
      else if (!Array.isArray(v) || !this.#eachString(index, v, doc, epoch))
        for (const e of index.all) this.#try(e, e.test, doc, epoch);
    }
  }

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
    const entries =
      n === 0 || has(index.values, n, key.charCodeAt(0) ^ (key.charCodeAt(n - 1) << 3))
        ? index.byValue.get(key)
        : undefined;
    if (entries) for (const e of entries) this.#try(e, e.rest, doc, epoch);
    if (index.partial === null) return;
    const prefixes = index.partial.prefixes;
    for (let i = 0; i < prefixes.length; i++) this.#affixHits(prefixes[i], key, doc, epoch);
    this.#affixHits(index.partial.suffix, key, doc, epoch);
    const infixes = index.partial.infixes;
    if (infixes === null) return;
    // A literal run only narrows: such a stage runs its whole test. (#found: reused lists.)
    const found = this.#found;
    const lists = infixes.find(key, found);
    for (let i = 0; i < lists; i++) for (const e of found[i]) this.#try(e, e.test, doc, epoch);
  }

  readonly #found: (readonly Entry[])[] = [];

  /** A literal start (or end) only narrows: such a stage runs its whole test. */
  #affixHits(affix: Affix<Entry>, key: string, doc: Doc, epoch: number): void {
    const end = affix.end;
    const skip = affix.skip;
    const lengths = affix.lengths.get(key.charCodeAt(end ? key.length - 1 : skip));
    if (lengths === undefined) return;
    const sketch = affix.sketch;
    for (const n of lengths) {
      if (skip + n > key.length) continue;
      // The text's inner character, read in place: most lengths are ruled out unsliced.
      if (!has(sketch, n, key.charCodeAt(end ? key.length - n : skip + n - 1))) continue;
      const hit = affix.byText.get(end ? key.slice(key.length - n) : key.slice(skip, skip + n));
      if (hit) for (const e of hit) this.#try(e, e.test, doc, epoch);
    }
  }

  #try(e: Entry, test: StageTest, doc: Doc, epoch: number): void {
    const s = e.s;
    if (s.seen === epoch) return;
    s.seen = epoch;
    s.tried++;
    this.#evaluated++;
    if (!test(doc)) return;
    const n = this.#count++;
    this.#matched[n] = s;
    this.#ranks[n] = this.#base + e.rank;
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
      gates: this.#gates.count,
      plans: this.#gates.plans,
    };
  }
}

const EMPTY: readonly StageRef[] = [];
