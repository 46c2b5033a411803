// A visit plan: what the events of one shape meet once its gates are known (rule-plan.ts,
// gates.ts): each indexed field of its buckets once, and the stages each value leads to.
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { PlanContext } from './event-cache.ts';
import {
  file,
  fileAffix,
  Infixes,
  mark,
  newAffix,
  newSketch,
  type Affix,
  type Sketch,
} from './literal-index.ts';
import type { PlannedStage, StageTest } from './planned-stage.ts';

/** A stage as one visit plan tries it: its rank there and its tests, chosen for that plan. */
export interface Entry {
  readonly s: PlannedStage;
  /** Rank within the router: the bucket's offset plus the stage's ordinal. */
  readonly rank: number;
  readonly test: StageTest;
  /** Without the dispatch conjunct, for events whose value hit the stage's key exactly. */
  readonly rest: StageTest;
}

/** The entries of one visit plan hashed on one field (of every bucket the plan covers). */
export interface FieldIndex {
  readonly field: string;
  readonly fold: boolean;
  readonly read: Evaluator;
  /** The value lower-cased, shared with the stages' own case-insensitive tests. */
  readonly lower: Evaluator;
  readonly byValue: Map<string, Entry[]>;
  /** The values' sketch (see `Sketch`): most values no stage wants are not hashed. */
  readonly values: Sketch;
  /**
   * Entries by a literal start or end of their wildcard patterns, and those literals'
   * lengths; the starts by how many units they skip (`?:\\x`: one), in increasing order.
   */
  partial: {
    readonly prefixes: Affix<Entry>[];
    readonly suffix: Affix<Entry>;
    /** Entries by a literal run of their `*…*` patterns; null while there is none. */
    infixes: Infixes<Entry> | null;
  } | null;
  /** Every entry of the index: offered whole when the event's value is not plain strings. */
  readonly all: Entry[];
}

/**
 * What an event meets, once its buckets and gates are known: each indexed field once (the
 * `any` bucket and a category's both hash on `event.code`, `process.name`…), and only the
 * stages whose gates all hold.
 */
export interface VisitPlan {
  /** Entries without a dispatch key: tried on every such event. */
  readonly always: Entry[];
  readonly indexes: FieldIndex[];
}

/** Files an entry in a visit plan: hashed on each atom of its stage's key, or always. */
export function place(plan: VisitPlan, e: Entry, ctx: PlanContext): void {
  const dispatch = e.s.dispatch;
  if (dispatch === null) {
    plan.always.push(e);
    return;
  }
  for (const atom of dispatch) {
    let index = plan.indexes.find((i) => i.field === atom.field && i.fold === atom.fold);
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
      plan.indexes.push(index);
    }
    if (!index.all.includes(e)) index.all.push(e);
    for (const v of new Set(atom.values)) {
      file(index.byValue, v, e);
      if (v !== '')
        mark(index.values, v.length, v.charCodeAt(0) ^ (v.charCodeAt(v.length - 1) << 3));
    }
    if (atom.prefixes?.length || atom.suffixes?.length || atom.infixes?.length) {
      const partial = (index.partial ??= {
        prefixes: [],
        suffix: newAffix<Entry>(false, 0),
        infixes: null,
      });
      for (const x of atom.infixes ?? []) (partial.infixes ??= new Infixes()).add(x, e);
      for (const p of atom.prefixes ?? []) {
        let skip = 0;
        while (p.charCodeAt(skip) === 63 /* ? */) skip++;
        let affix = partial.prefixes.find((a) => a.skip === skip);
        if (!affix) {
          partial.prefixes.push((affix = newAffix<Entry>(true, skip)));
          partial.prefixes.sort((a, b) => a.skip - b.skip);
        }
        fileAffix(affix, p.slice(skip), e);
      }
      for (const x of atom.suffixes ?? []) fileAffix(partial.suffix, x, e);
    }
  }
}
