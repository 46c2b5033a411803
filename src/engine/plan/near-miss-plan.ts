// Near-miss counts ("why silent") for a whole rule set: per stage, the events of its category
// and, per top-level conjunct, those it held for. Counted the naive way, every event of a
// category runs every conjunct of every stage of that category: with Elastic's Windows rules
// that is ~1,300 conjunct tests per process event, most of the page's scan. Here the counts
// are the same, got for less:
// - equal conjuncts of a category are evaluated once per event and counted for each stage
//   that has them (one evaluator per distinct text across the rule set, as the plan does);
// - a conjunct that is wholly "field is one of these strings" (a dispatch key, see
//   dispatch-key.ts) is not evaluated: the event's value is looked up among the keys of the
//   category, and the conjuncts it names held. A value that is not plain strings has every
//   conjunct of that field evaluated, as the rule-set plan does.
// A conjunct the language gives without its syntax (KQL), or one naming a field read as a date
// or with a null_value (whose reading the shared context does not reproduce), keeps its own
// test, run per stage as before.
import type * as ast from '../../eql/ast.ts';
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { CompiledQuery, Doc } from '../../eql/compiled.ts';
import { fieldPath, walk } from '../../eql/walk.ts';
import { fieldReader } from '../field.ts';
import type { Conjunct } from '../types.ts';
import { dispatchKeyOf } from './dispatch-key.ts';
import { EventCache, PlanContext } from './event-cache.ts';
import { HeldMemo } from './held-memo.ts';
import { ConjunctPool, namesTypedField } from './planned-stage.ts';
import { ValueIds } from './value-ids.ts';

export interface NearMissQuery {
  readonly query: CompiledQuery;
  /** Per stage, its conjuncts; absent for a query not counted. */
  readonly conjuncts?: readonly (readonly Conjunct[])[];
  readonly categoryField: string;
}

/** A distinct conjunct of one category: where its "held" counts go. */
interface Unit {
  readonly shared: { fn: Evaluator };
  /** Offsets into the flat counts, one per stage conjunct with this text. */
  readonly slots: number[];
  /** The event epoch it was last counted or evaluated for. */
  seen: number;
}

interface FieldIndex {
  readonly fold: boolean;
  readonly read: Evaluator;
  readonly lower: Evaluator;
  readonly byValue: Map<string, Unit[]>;
  readonly all: Unit[];
}

interface Opaque {
  readonly test: (doc: Doc) => boolean | null;
  readonly slot: number;
}

interface Bucket {
  /** Offsets of the "events of the category" count of each stage. */
  readonly stageSlots: number[];
  /** Other conjuncts, by the fields they read (see HeldMemo): built once the units are known. */
  readonly byFields: Map<string, { fields: string[]; units: Unit[] }>;
  memos: HeldMemo<Unit>[];
  readonly indexes: Map<string, FieldIndex>;
  readonly opaque: Opaque[];
  readonly byText: Map<string, Unit>;
  seen: number;
}

interface Router {
  readonly category: (doc: Doc) => unknown;
  readonly byCategory: Map<string, Bucket>;
  readonly any: Bucket;
}

const newBucket = (): Bucket => ({
  stageSlots: [],
  byFields: new Map(),
  memos: [],
  indexes: new Map(),
  opaque: [],
  byText: new Map(),
  seen: -1,
});

/** The field paths the expression reads, sorted. */
function fieldsRead(e: ast.Expr): string[] {
  const paths = new Set<string>();
  walk(e, (n) => {
    if (n.type === 'Field') paths.add(fieldPath(n));
  });
  return [...paths].sort();
}

export class NearMissPlan {
  readonly #cache = new EventCache();
  readonly #routers: Router[] = [];
  /** Per query, per stage: its first offset in `#counts` (then one per conjunct). */
  readonly #layout: (number[] | null)[];
  readonly #widths: (number[] | null)[];
  #counts: Float64Array;

  constructor(queries: readonly NearMissQuery[]) {
    const ctx = new PlanContext(this.#cache);
    const pool = new ConjunctPool(ctx, this.#cache);
    const routers = new Map<string, Router>();
    let size = 0;
    this.#layout = queries.map(({ conjuncts }) => {
      if (!conjuncts) return null;
      return conjuncts.map((c) => {
        const at = size;
        size += c.length + 1;
        return at;
      });
    });
    this.#widths = queries.map(({ conjuncts }) => conjuncts?.map((c) => c.length + 1) ?? null);
    this.#counts = new Float64Array(size);
    queries.forEach(({ query, conjuncts, categoryField }, q) => {
      const layout = this.#layout[q];
      if (!conjuncts || !layout) return;
      let router = routers.get(categoryField);
      if (!router) {
        router = { category: fieldReader(categoryField), byCategory: new Map(), any: newBucket() };
        routers.set(categoryField, router);
        this.#routers.push(router);
      }
      // Stages beyond the conjunct lists (and `until`) are not counted.
      query.stages.slice(0, conjuncts.length).forEach((stage, s) => {
        const cat = stage.category?.toLowerCase() ?? null;
        let bucket = router.any;
        if (cat !== null) {
          bucket = router.byCategory.get(cat) ?? newBucket();
          router.byCategory.set(cat, bucket);
        }
        bucket.stageSlots.push(layout[s]);
        conjuncts[s].forEach((c, i) => {
          const slot = layout[s] + 1 + i;
          if (!c.expr || namesTypedField(c.expr, query.readAsTyped)) {
            bucket.opaque.push({ test: c.test, slot });
            return;
          }
          const known = bucket.byText.get(c.text);
          if (known) {
            known.slots.push(slot);
            return;
          }
          const unit: Unit = { shared: pool.get(c.expr), slots: [slot], seen: -1 };
          bucket.byText.set(c.text, unit);
          const key = dispatchKeyOf(c.expr);
          if (!key) {
            const fields = fieldsRead(c.expr);
            const id = fields.join('\u0000');
            let group = bucket.byFields.get(id);
            if (!group) {
              group = { fields, units: [] };
              bucket.byFields.set(id, group);
            }
            group.units.push(unit);
            return;
          }
          for (const atom of key) {
            const id = `${atom.fold ? 1 : 0}\u0000${atom.field}`;
            let index = bucket.indexes.get(id);
            if (!index) {
              index = {
                fold: atom.fold,
                read: ctx.getter(atom.field),
                lower: ctx.lowered(atom.field),
                byValue: new Map(),
                all: [],
              };
              bucket.indexes.set(id, index);
            }
            if (!index.all.includes(unit)) index.all.push(unit);
            for (const v of atom.values) {
              let list = index.byValue.get(v);
              if (!list) index.byValue.set(v, (list = []));
              if (!list.includes(unit)) list.push(unit);
            }
          }
        });
      });
    });
    // Conjuncts shared by several categories' stages remember their value per event.
    pool.seal();
    const holds = (u: Unit, doc: Doc) => u.shared.fn(doc) === true;
    const values = new ValueIds(this.#cache);
    const ids = new Map<string, (doc: Doc) => number>();
    const idOf = (path: string) => {
      let id = ids.get(path);
      if (!id) ids.set(path, (id = values.reader(ctx.getter(path))));
      return id;
    };
    for (const router of this.#routers)
      for (const bucket of [router.any, ...router.byCategory.values()])
        bucket.memos = [...bucket.byFields.values()].map(
          (g) => new HeldMemo(g.fields.map(idOf), values, g.units, holds),
        );
  }

  /** Counts one event. */
  add(doc: Doc): void {
    const cache = this.#cache;
    cache.begin(doc);
    const epoch = cache.epoch;
    for (const router of this.#routers) {
      this.#count(router.any, doc, epoch);
      const raw = router.category(doc);
      if (typeof raw === 'string') this.#category(router, raw, doc, epoch);
      else if (Array.isArray(raw))
        for (const c of raw) if (typeof c === 'string') this.#category(router, c, doc, epoch);
    }
  }

  #category(router: Router, value: string, doc: Doc, epoch: number): void {
    const bucket = router.byCategory.get(value.toLowerCase());
    // An event listing the same category twice is one event of it.
    if (bucket && bucket.seen !== epoch) this.#count(bucket, doc, epoch);
  }

  #count(bucket: Bucket, doc: Doc, epoch: number): void {
    bucket.seen = epoch;
    const counts = this.#counts;
    for (const at of bucket.stageSlots) counts[at]++;
    for (const o of bucket.opaque) if (o.test(doc)) counts[o.slot]++;
    for (const memo of bucket.memos)
      for (const u of memo.held(doc)) if (u.seen !== epoch) this.#held(u, epoch);
    for (const index of bucket.indexes.values()) {
      const v = index.read(doc);
      if (v === undefined || v === null) continue;
      if (typeof v === 'string')
        this.#hits(index, index.fold ? (index.lower(doc) as string) : v, epoch);
      else if (!Array.isArray(v) || !this.#eachString(index, v, epoch))
        for (const u of index.all) this.#evaluate(u, doc, epoch);
    }
  }

  /** Counts the units hashed on each string of a multi-valued field; false if one is not a string. */
  #eachString(index: FieldIndex, values: readonly unknown[], epoch: number): boolean {
    for (const x of values) {
      if (x === null || x === undefined) continue;
      if (typeof x === 'string') this.#hits(index, index.fold ? x.toLowerCase() : x, epoch);
      else if (!Array.isArray(x) || !this.#eachString(index, x, epoch)) return false;
    }
    return true;
  }

  #hits(index: FieldIndex, key: string, epoch: number): void {
    const units = index.byValue.get(key);
    if (units) for (const u of units) if (u.seen !== epoch) this.#held(u, epoch);
  }

  #evaluate(u: Unit, doc: Doc, epoch: number): void {
    if (u.seen === epoch) return;
    if (u.shared.fn(doc) === true) this.#held(u, epoch);
    else u.seen = epoch;
  }

  #held(u: Unit, epoch: number): void {
    u.seen = epoch;
    const counts = this.#counts;
    for (const slot of u.slots) counts[slot]++;
  }

  /**
   * The counts since the last call, per query (null when not counted), per stage:
   * [events of the category, then per conjunct the events it held for]. Starts afresh.
   */
  take(): (number[][] | null)[] {
    const counts = this.#counts;
    const out = this.#layout.map((layout, q) =>
      layout
        ? layout.map((at, s) => Array.from(counts.subarray(at, at + this.#widths[q]![s])))
        : null,
    );
    counts.fill(0);
    return out;
  }
}
