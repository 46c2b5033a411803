// Near-miss counts ("why silent") for a whole rule set: per stage, the events of its category
// and, per top-level conjunct, those it held for. Counted the naive way, every event of a
// category runs every conjunct of every stage of that category: with Elastic's Windows rules
// that is ~1,300 conjunct tests per process event, most of the page's scan. Here the counts
// are the same, got for less:
// - equal conjuncts of a category are one unit, counted for each stage that has them (one
//   evaluator per distinct text across the rule set, as the plan does);
// - a category's units that read the same fields form a group: which of them hold is worked
//   out once per distinct tuple of those fields' values (HeldMemo), and an event only adds one
//   to its tuple's count; the counts reach the stages when they are taken. The events of a
//   category are counted once per category, not once per stage, likewise;
// - a conjunct that is wholly "field is one of these strings" (a dispatch key, see
//   dispatch-key.ts) is not evaluated even then: the value is looked up among the group's
//   keys. A value that is not plain strings has every such conjunct of that field evaluated,
//   as the rule-set plan does.
// - with its own context (the count after a scan), the plan reads each event's fields by one
//   walk (field-walk.ts) and its memos count batches of events (memo-batch.ts).
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
import { FieldWalk } from './field-walk.ts';
import { HeldMemo } from './held-memo.ts';
import { EventNumbers, MemoBatch } from './memo-batch.ts';
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
  /** The last `Group.held` call that found it held (a unit keyed on two fields is hit twice). */
  mark: number;
}

/** A dispatch key's field, its strings (lower-cased where the operator folds) to their units. */
interface FieldIndex {
  readonly fold: boolean;
  readonly read: Evaluator;
  readonly lower: Evaluator;
  readonly byValue: Map<string, Unit[]>;
  readonly all: Unit[];
}

/**
 * The units of one category that read the same fields: what holds is a function of those
 * fields' values, so one HeldMemo counts them all. Units with a dispatch key are looked up by
 * their field's value, the others evaluated.
 */
interface Group {
  readonly fields: string[];
  readonly evaluated: Unit[];
  readonly indexes: Map<string, FieldIndex>;
}

interface Opaque {
  readonly test: (doc: Doc) => boolean | null;
  readonly slot: number;
}

interface Bucket {
  /** Offsets of the "events of the category" count of each stage. */
  readonly stageSlots: number[];
  /** Events of the category not yet added to `stageSlots`. */
  events: number;
  readonly groups: Map<string, Group>;
  /** Its events on their way to one memo per group, made once the units are known. */
  batch: MemoBatch<Unit> | null;
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
  events: 0,
  groups: new Map(),
  batch: null,
  opaque: [],
  byText: new Map(),
  seen: -1,
});

/**
 * Events a bucket keeps before its memos count them, when the plan begins the events itself:
 * each memo then counts a batch with its table and arrays at hand, instead of a hundred memos
 * taking turns on every event.
 */
const BATCH = 256;

function groupOf(bucket: Bucket, fields: string[]): Group {
  const id = fields.join('\u0000');
  let group = bucket.groups.get(id);
  if (!group) bucket.groups.set(id, (group = { fields, evaluated: [], indexes: new Map() }));
  return group;
}

/** The field paths the expression reads, sorted. */
function fieldsRead(e: ast.Expr): string[] {
  const paths = new Set<string>();
  walk(e, (n) => {
    if (n.type === 'Field') paths.add(fieldPath(n));
  });
  return [...paths].sort();
}

export interface NearMissOptions {
  /** Value numbers given out before they start afresh (see ValueIds; smaller in tests). */
  readonly maxValueIds?: number;
  /**
   * Another plan's context (RulePlan.context), so fields both read are read once per event.
   * Its owner begins each event on its cache before `add` is called with it.
   */
  readonly context?: PlanContext;
}

export class NearMissPlan {
  readonly #cache: EventCache;
  /** Whether `add` begins each event on the cache (its own) or its owner does. */
  readonly #begins: boolean;
  readonly #routers: Router[] = [];
  /** Per query, per stage: its first offset in `#counts` (then one per conjunct). */
  readonly #layout: (number[] | null)[];
  readonly #widths: (number[] | null)[];
  readonly #counts: Float64Array;
  #mark = 0;
  readonly #values: ValueIds;
  readonly #numbers: EventNumbers;
  readonly #batches: MemoBatch<Unit>[] = [];
  /** Batches full, counted at the end of `add`. */
  readonly #full: MemoBatch<Unit>[] = [];

  constructor(queries: readonly NearMissQuery[], options: NearMissOptions = {}) {
    const ctx = options.context ?? new PlanContext(new EventCache());
    this.#cache = ctx.cache;
    this.#begins = !options.context;
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
          const unit: Unit = { shared: pool.get(c.expr), slots: [slot], mark: 0 };
          bucket.byText.set(c.text, unit);
          const key = dispatchKeyOf(c.expr);
          if (!key) {
            groupOf(bucket, fieldsRead(c.expr)).evaluated.push(unit);
            return;
          }
          const group = groupOf(bucket, [...new Set(key.map((a) => a.field))].sort());
          for (const atom of key) {
            const id = `${atom.fold ? 1 : 0}\u0000${atom.field}`;
            let index = group.indexes.get(id);
            if (!index) {
              index = {
                fold: atom.fold,
                read: ctx.getter(atom.field),
                lower: ctx.lowered(atom.field),
                byValue: new Map(),
                all: [],
              };
              group.indexes.set(id, index);
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
    const values = (this.#values = new ValueIds(this.#cache, options.maxValueIds));
    // Each field is read and numbered once per event, into its slot, for every memo reading it.
    const slots = new Map<string, number>();
    const paths: string[] = [];
    const slotOf = (path: string) => {
      let slot = slots.get(path);
      if (slot === undefined) slots.set(path, (slot = paths.push(path) - 1));
      return slot;
    };
    for (const router of this.#routers)
      for (const bucket of [router.any, ...router.byCategory.values()])
        for (const g of bucket.groups.values()) g.fields.forEach(slotOf);
    this.#numbers = new EventNumbers(
      values,
      paths.map((p) => ctx.getter(p)),
    );
    const counts = this.#counts;
    const credit = (u: Unit, events: number) => {
      for (const slot of u.slots) counts[slot] += events;
    };
    // With a shared context, what holds is worked out while the owner's event is current.
    const capacity = options.context ? 1 : BATCH;
    for (const router of this.#routers) {
      // A category's events are counted in the `any` bucket first: its fields are read then.
      let first: Set<number> | null = null;
      for (const bucket of [router.any, ...router.byCategory.values()]) {
        if (bucket.groups.size === 0) continue;
        const batch = new MemoBatch<Unit>(this.#numbers, capacity);
        for (const g of bucket.groups.values())
          batch.addMemo(
            g.fields.map(slotOf),
            (at) => new HeldMemo(at, values, (doc) => this.#held(g, doc), credit),
          );
        bucket.batch = batch;
        this.#batches.push(batch);
        const own = batch.slots.filter((slot) => !first?.has(slot));
        if (bucket === router.any) first = new Set(batch.slots);
        if (!options.context && own.length > 0)
          batch.walk = new FieldWalk(
            own.map((slot) => ({ path: paths[slot], slot })),
            this.#cache,
            (path) => ctx.getter(path),
          );
      }
    }
  }

  /** Counts one event: with a shared context, the one its owner began last (see NearMissOptions). */
  add(doc: Doc): void {
    const cache = this.#cache;
    // Every batch holds numbers of one generation.
    if (this.#values.spent) this.#drainAll();
    if (this.#begins) cache.begin(doc);
    const epoch = cache.epoch;
    this.#numbers.next();
    for (const router of this.#routers) {
      this.#count(router.any, doc, epoch);
      const raw = router.category(doc);
      if (typeof raw === 'string') this.#category(router, raw, doc, epoch);
      else if (Array.isArray(raw))
        for (const c of raw) if (typeof c === 'string') this.#category(router, c, doc, epoch);
    }
    const full = this.#full;
    if (full.length > 0) {
      for (const batch of full) batch.drain();
      full.length = 0;
    }
  }

  #drainAll(): void {
    for (const batch of this.#batches) batch.drain();
    this.#full.length = 0;
  }

  #category(router: Router, value: string, doc: Doc, epoch: number): void {
    const bucket = router.byCategory.get(value.toLowerCase());
    // An event listing the same category twice is one event of it.
    if (bucket && bucket.seen !== epoch) this.#count(bucket, doc, epoch);
  }

  #count(bucket: Bucket, doc: Doc, epoch: number): void {
    bucket.seen = epoch;
    bucket.events++;
    const counts = this.#counts;
    for (const o of bucket.opaque) if (o.test(doc)) counts[o.slot]++;
    if (bucket.batch?.add(doc)) this.#full.push(bucket.batch);
  }

  /** The group's units that hold for `doc`, each once. */
  #held(group: Group, doc: Doc): Unit[] {
    // A batch's event, no longer the current one (the plan's own cache only, see BATCH).
    if (this.#cache.doc !== doc) this.#cache.begin(doc);
    const mark = ++this.#mark;
    const out: Unit[] = [];
    for (const u of group.evaluated) if (u.shared.fn(doc) === true) out.push(u);
    for (const index of group.indexes.values()) {
      const v = index.read(doc);
      if (v === undefined || v === null) continue;
      if (typeof v === 'string')
        this.#hits(index, index.fold ? (index.lower(doc) as string) : v, mark, out);
      else if (!Array.isArray(v) || !this.#eachString(index, v, mark, out))
        for (const u of index.all)
          if (u.mark !== mark && u.shared.fn(doc) === true) {
            u.mark = mark;
            out.push(u);
          }
    }
    return out;
  }

  /** Adds the units hashed on each string of a multi-valued field; false if one is not a string. */
  #eachString(index: FieldIndex, values: readonly unknown[], mark: number, out: Unit[]): boolean {
    for (const x of values) {
      if (x === null || x === undefined) continue;
      if (typeof x === 'string') this.#hits(index, index.fold ? x.toLowerCase() : x, mark, out);
      else if (!Array.isArray(x) || !this.#eachString(index, x, mark, out)) return false;
    }
    return true;
  }

  #hits(index: FieldIndex, key: string, mark: number, out: Unit[]): void {
    const units = index.byValue.get(key);
    if (units)
      for (const u of units)
        if (u.mark !== mark) {
          u.mark = mark;
          out.push(u);
        }
  }

  /**
   * The counts since the last call, per query (null when not counted), per stage:
   * [events of the category, then per conjunct the events it held for]. Starts afresh.
   */
  take(): (number[][] | null)[] {
    this.#drainAll();
    const counts = this.#counts;
    for (const router of this.#routers)
      for (const bucket of [router.any, ...router.byCategory.values()]) {
        for (const at of bucket.stageSlots) counts[at] += bucket.events;
        bucket.events = 0;
        bucket.batch?.flush();
      }
    const out = this.#layout.map((layout, q) =>
      layout
        ? layout.map((at, s) => Array.from(counts.subarray(at, at + this.#widths[q]![s])))
        : null,
    );
    counts.fill(0);
    return out;
  }
}
