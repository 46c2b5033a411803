// A stage recompiled for the rule-set plan: its condition split into top-level conjuncts,
// each compiled once for the whole rule set (equal conjuncts of different rules are one
// evaluator, remembered per event when shared), reading fields through the per-event cache.
// The stage holds when its category matches and every conjunct is true — exactly when the
// stage's own `test` holds, since a three-valued `and` is true only if all operands are.
import type * as ast from '../../eql/ast.ts';
import type { Evaluator } from '../../eql/compile-expr.ts';
import { compiledTest, infoOf } from '../../eql/compile.ts';
import type { CompiledQuery, CompiledStage, Doc } from '../../eql/compiled.ts';
import { printExpr } from '../../eql/print.ts';
import { fieldPath, walk } from '../../eql/walk.ts';
import type { StageRef } from '../category-index.ts';
import { bestDispatch, conjunctsOf, KeyCounts, type DispatchKey } from './dispatch-key.ts';
import { cached, type EventCache, type PlanContext } from './event-cache.ts';
import { truthOf } from './keyed-or.ts';

export type StageTest = (doc: Doc) => boolean;

/** A stage's tests: whole, without its dispatch conjunct, and without its category check. */
export interface StageTests {
  /** The whole stage. */
  readonly test: StageTest;
  /** The stage without its dispatch conjunct, for events the hash already vouched for. */
  readonly rest: StageTest;
  /**
   * `test` and `rest` without the category check, for events whose category the router
   * has already seen to be exactly the stage's; null when the stage cannot rely on that.
   */
  readonly bare: { readonly test: StageTest; readonly rest: StageTest } | null;
}

export interface PlannedStage extends StageTests {
  readonly ref: StageRef;
  /** Position in the order the stages were given (query by query): results keep it. */
  readonly ordinal: number;
  /** Hash key that must hold for the stage to match; null when the stage is always tried. */
  readonly dispatch: DispatchKey | null;
  /** Its conjuncts, as its tests run them; empty for a stage kept opaque (its own test). */
  readonly conjuncts: readonly SharedConjunct[];
  /** The conjunct its dispatch key is all of (see `rest`), if any. */
  readonly keyConjunct: SharedConjunct | null;
  /**
   * Its tests without the given conjuncts, for events on which the plan has already found
   * each of them true.
   */
  readonly without: (known: ReadonlySet<SharedConjunct>) => StageTests;
  /** The event epoch the stage was last offered: each stage is evaluated once per event. */
  seen: number;
  /** Events the stage was tried on. */
  tried: number;
}

export interface SharedConjunct {
  fn: Evaluator;
  uses: number;
  /** The conjunct as written (its printed text is the pool's key); null once sealed. */
  expr: ast.Expr | null;
}

/** Compiles conjuncts for a rule set, one evaluator per distinct conjunct text. */
export class ConjunctPool {
  readonly #byText = new Map<string, SharedConjunct>();
  #distinct: number | null = null;
  readonly #ctx: PlanContext;
  readonly #cache: EventCache;

  constructor(ctx: PlanContext, cache: EventCache) {
    this.#ctx = ctx;
    this.#cache = cache;
  }

  get(e: ast.Expr): SharedConjunct {
    const text = printExpr(e);
    let c = this.#byText.get(text);
    // Only a conjunct's truth counts (see allTrue): a long `or` may hash its cases.
    if (!c) this.#byText.set(text, (c = { fn: truthOf(e, this.#ctx), uses: 0, expr: e }));
    c.uses++;
    return c;
  }

  /**
   * Once every stage is planned: conjuncts several stages share remember their value per
   * event. The conjuncts' trees and texts are planning's alone; the 954 Elastic EQL rules'
   * were ~4 MiB, held by every thread that scans.
   */
  seal(): number {
    let shared = 0;
    for (const c of this.#byText.values()) {
      if (c.uses > 1) {
        c.fn = cached(this.#cache, c.fn);
        shared++;
      }
      c.expr = null;
    }
    this.#distinct = this.#byText.size;
    this.#byText.clear();
    return shared;
  }

  get distinct(): number {
    return this.#distinct ?? this.#byText.size;
  }
}

// Cheap conjuncts first: an event usually fails a stage on its first false conjunct.
function weight(e: ast.Expr): number {
  switch (e.type) {
    case 'Compare':
    case 'In':
      return 1;
    case 'Match':
      return e.op.startsWith('regex') ? 4 : 2;
    case 'Call':
      return 4;
    default:
      return 3;
  }
}

function allTrue(conjuncts: readonly SharedConjunct[]): StageTest {
  const n = conjuncts.length;
  if (n === 0) return () => true;
  if (n === 1) {
    const [a] = conjuncts;
    return (doc) => a.fn(doc) === true;
  }
  if (n === 2) {
    const [a, b] = conjuncts;
    return (doc) => a.fn(doc) === true && b.fn(doc) === true;
  }
  return (doc) => {
    for (let i = 0; i < n; i++) if (conjuncts[i].fn(doc) !== true) return false;
    return true;
  };
}

function withCategory(
  category: string | null,
  categoryOf: Evaluator | null,
  test: StageTest,
): StageTest {
  if (category === null || categoryOf === null) return test;
  return (doc) => {
    const c = categoryOf(doc);
    if (c !== category && !(Array.isArray(c) && c.includes(category))) return false;
    return test(doc);
  };
}

/** Whether the condition names a field read as a date or with a null_value: the plan's own
 *  conjunct compiler reads fields as written, so such a stage keeps its compiled test. */
export function namesTypedField(
  condition: ast.Expr,
  typed: ReadonlySet<string> | undefined,
): boolean {
  if (!typed || typed.size === 0) return false;
  let found = false;
  walk(condition, (n) => {
    if (!found && n.type === 'Field' && typed.has(fieldPath(n))) found = true;
  });
  return found;
}

/** The stage's condition as written; null for a stage not made by `compile()` (hand-built). */
export function conditionOf(stage: CompiledStage): ast.Expr | null {
  try {
    return infoOf(stage).condition;
  } catch {
    return null;
  }
}

/** How many stages of the queries name each value they may be keyed on (see KeyCounts). */
export function keyCountsOf(queries: readonly CompiledQuery[]): KeyCounts {
  const counts = new KeyCounts();
  for (const query of queries)
    for (const stage of query.until ? [...query.stages, query.until] : query.stages) {
      const condition = conditionOf(stage);
      if (condition) counts.addStage(condition);
    }
  return counts;
}

/**
 * Plans one stage. A stage not made by `compile()` (a hand-built query), or any stage when
 * `dispatch` is off, is kept opaque: it is tried on every event of its category with its
 * own test, as before the plan.
 */
export function planStage(
  ref: StageRef,
  query: CompiledQuery,
  ordinal: number,
  pool: ConjunctPool,
  ctx: PlanContext,
  dispatch: boolean,
  routedBy: string,
  /** The rule set's values by how many stages name them (see KeyCounts). */
  counts?: KeyCounts,
): PlannedStage {
  const stage: CompiledStage = ref.stage;
  const condition = conditionOf(stage);
  if (
    !dispatch ||
    !condition ||
    query.categoryField === undefined ||
    namesTypedField(condition, query.readAsTyped)
  ) {
    // Compiled now, as it will run: the stage's syntax may be released once planned.
    const test = compiledTest(stage);
    const tests: StageTests = { test, rest: test, bare: null };
    return {
      ref,
      ordinal,
      dispatch: null,
      ...tests,
      conjuncts: [],
      keyConjunct: null,
      without: () => tests,
      seen: -1,
      tried: 0,
    };
  }
  const conjuncts = conjunctsOf(condition);
  const best = bestDispatch(conjuncts, counts);
  const order = conjuncts
    .map((e, at) => ({ e, at, w: weight(e) }))
    .sort((a, b) => a.w - b.w || a.at - b.at);
  const compiled = order.map((o) => ({ at: o.at, c: pool.get(o.e) }));
  const categoryOf = stage.category === null ? null : ctx.getter(query.categoryField);
  const whole = best?.whole ?? null;
  const keyConjunct = compiled.find((x) => x.at === whole)?.c ?? null;
  // The router compares lower-cased categories read from `routedBy`: when the event's value
  // is already lower case and read the same way, a lower-case stage category holds.
  const canBeBare =
    stage.category !== null &&
    stage.category === stage.category.toLowerCase() &&
    query.categoryField === routedBy;
  const without = (known: ReadonlySet<SharedConjunct>): StageTests => {
    const kept = compiled.filter((x) => !known.has(x.c));
    const all = allTrue(kept.map((x) => x.c));
    const others =
      whole !== null ? allTrue(kept.filter((x) => x.at !== whole).map((x) => x.c)) : all;
    const test = withCategory(stage.category, categoryOf, all);
    const rest = whole !== null ? withCategory(stage.category, categoryOf, others) : test;
    return { test, rest, bare: canBeBare ? { test: all, rest: others } : null };
  };
  return {
    ref,
    ordinal,
    dispatch: best?.key ?? null,
    ...without(new Set()),
    conjuncts: compiled.map((x) => x.c),
    keyConjunct,
    without,
    seen: -1,
    tried: 0,
  };
}
