// The plan's gates: the cheap conjuncts many stages of a router share (`host.os.type ==
// "windows"`, `event.type == "start"`), tested once per event before any stage with them is
// offered, and the visit plans they lead to (see rule-plan.ts).
import type * as ast from '../../eql/ast.ts';
import type { Doc } from '../../eql/compiled.ts';
import type { PlanContext } from './event-cache.ts';
import type { PlannedStage, SharedConjunct, StageTests } from './planned-stage.ts';
import { place, type Entry, type VisitPlan } from './visit-plan.ts';

/** A cheap conjunct many stages of a router share (`host.os.type == "windows"`). */
export interface Gate {
  readonly conjunct: SharedConjunct;
  readonly bit: number;
}

export interface Bucket {
  readonly id: number;
  /** Its stages, in ordinal order. */
  readonly stages: PlannedStage[];
  /** The shape of an event whose only category bucket this is: [category not exact, exact]. */
  readonly alone: (Shape | null)[];
  seen: number;
}

/**
 * The buckets an event meets (the `any` bucket, then its categories' in the order it lists
 * them) and the gates their stages have. Events of one shape meet the same visit plan for
 * each combination of gates that hold.
 */
export interface Shape {
  readonly buckets: readonly { bucket: Bucket; offset: number; exact: boolean }[];
  /** The gates of those buckets' stages, most shared first. */
  readonly gates: readonly Gate[];
  /** Each stage's gates' bits (a stage without gates: 0), distinct. */
  readonly stageBits: readonly number[];
  /** Where an event starts: its first gate, or its visit plan when no gate is needed. */
  root: Step | VisitPlan | null;
  /** Steps and plans made so far: past a bound, the shape's events take its open plan. */
  made: number;
  readonly byMask: Map<number, VisitPlan>;
  /** Every stage of the buckets, gates tested by the stages: when steps are too many. */
  open: VisitPlan | null;
}

/**
 * One gate to test, once the gates before it are known (`held`: those found true; the rest
 * were false or not needed). The next step (or plan) for each answer is made when first met.
 */
export interface Step {
  readonly gate: Gate;
  /** The gate's index in `Shape.gates`. */
  readonly at: number;
  readonly held: number;
  ifTrue: Step | VisitPlan | null;
  ifFalse: Step | VisitPlan | null;
}

/** Gates: conjuncts shared by at least this many stages of a router. */
export const GATE_USES = 4;
/** At most this many gates per router (one bit each). */
const MAX_GATES = 30;
/** Steps and visit plans per shape before it falls back to its open plan. */
export const MAX_STEPS = 256;
/**
 * Conjuncts cheap enough to test on every event of a bucket and likely to be false on many:
 * a field equal to one of a few literals (`host.os.type == "windows"`, `event.type in
 * ("start", "process_started")`, `event.outcome : "failure"`). A `!=` holds for nearly
 * every event: as a gate it would cost a test per event and spare none.
 */
function gateShape(e: ast.Expr): boolean {
  const literal = (x: ast.Expr) =>
    x.type === 'String' || x.type === 'Number' || x.type === 'Boolean' || x.type === 'Null';
  if (e.type === 'Compare')
    return (
      e.op === '==' &&
      ((e.left.type === 'Field' && literal(e.right)) ||
        (e.right.type === 'Field' && literal(e.left)))
    );
  if (e.type === 'In') return !e.negated && e.operand.type === 'Field' && e.values.every(literal);
  if (e.type === 'Match')
    return (
      e.operand.type === 'Field' &&
      (e.op === ':' || e.op === 'like' || e.op === 'like~') &&
      e.patterns.every((p) => p.type === 'Null' || (p.type === 'String' && !/[*?]/.test(p.value)))
    );
  return false;
}

/** Each stage's gates and tests without them, and the visit plans of each shape. */
export class Gates {
  /** Per stage (by ordinal): its gates' bits, and its tests without its gates. */
  readonly #bits: number[] = [];
  readonly #gated: StageTests[] = [];
  /** Per stage: its router's gates (its bits index them). */
  readonly #gateOf: (readonly SharedConjunct[])[] = [];
  readonly #ctx: PlanContext;
  readonly #uses: number;
  readonly #maxSteps: number;
  /** Gates chosen, and visit plans built. */
  count = 0;
  plans = 0;

  constructor(ctx: PlanContext, uses: number, maxSteps: number) {
    this.#ctx = ctx;
    this.#uses = uses;
    this.#maxSteps = maxSteps;
  }

  /**
   * The router's gates: its cheap conjuncts most shared between stages (not as a stage's
   * dispatch conjunct, which its hash already checks), each tested once per event before
   * the stages are offered; a stage is then offered only if all its gates hold, and tests
   * none of them itself.
   */
  choose(stages: readonly PlannedStage[]): void {
    const uses = new Map<SharedConjunct, number>();
    for (const s of stages)
      for (const c of new Set(s.conjuncts))
        if (c !== s.keyConjunct && c.expr !== null && gateShape(c.expr))
          uses.set(c, (uses.get(c) ?? 0) + 1);
    const gates = [...uses]
      .filter(([, n]) => n >= this.#uses)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_GATES)
      .map(([c]) => c);
    for (const s of stages) {
      const known = new Set(s.conjuncts.filter((c) => c !== s.keyConjunct && gates.includes(c)));
      let bits = 0;
      for (const c of known) bits |= 1 << gates.indexOf(c);
      this.#bits[s.ordinal] = bits;
      this.#gated[s.ordinal] = known.size ? s.without(known) : s;
    }
    for (const s of stages) this.#gateOf[s.ordinal] = gates;
    this.count += gates.length;
  }

  /** The shape of events that meet `any` and the `met` category buckets, in that order. */
  shape(any: Bucket, met: readonly { bucket: Bucket; exact: boolean }[]): Shape {
    const buckets = [
      { bucket: any, offset: 0, exact: false },
      ...met.map((m, i) => ({ bucket: m.bucket, offset: (i + 1) * 2 ** 20, exact: m.exact })),
    ];
    let all = 0;
    const stages = buckets.flatMap((b) => b.bucket.stages);
    for (const s of stages) all |= this.#bits[s.ordinal];
    const list = stages.length ? this.#gateOf[stages[0].ordinal] : [];
    const gates: Gate[] = [];
    list.forEach((conjunct, k) => {
      if (all & (1 << k)) gates.push({ conjunct, bit: 1 << k });
    });
    const stageBits = [...new Set(stages.map((s) => this.#bits[s.ordinal]))];
    return { buckets, gates, stageBits, root: null, made: 0, byMask: new Map(), open: null };
  }

  /** The visit plan of the event's shape for the gates that hold on it. */
  planOf(shape: Shape, doc: Doc): VisitPlan {
    let at = (shape.root ??= this.#next(shape, 0, 0));
    while ('gate' in at)
      if (at.gate.conjunct.fn(doc) === true)
        at = at.ifTrue ??= this.#next(shape, at.at + 1, at.held | at.gate.bit);
      else at = at.ifFalse ??= this.#next(shape, at.at + 1, at.held);
    return at;
  }

  /**
   * The step after the gates before `from` are known (`held`: those true): the next gate some
   * stage still needs (all its gates before that one held), or the plan of the gates held.
   */
  #next(shape: Shape, from: number, held: number): Step | VisitPlan {
    if (shape.made >= this.#maxSteps) return (shape.open ??= this.#build(shape, null));
    const gates = shape.gates;
    let earlier = 0;
    for (let k = 0; k < from; k++) earlier |= gates[k].bit;
    for (let k = from; k < gates.length; k++) {
      const bit = gates[k].bit;
      if (shape.stageBits.some((b) => (b & bit) !== 0 && (b & earlier & ~held) === 0)) {
        shape.made++;
        return { gate: gates[k], at: k, held, ifTrue: null, ifFalse: null };
      }
      earlier |= bit;
    }
    let plan = shape.byMask.get(held);
    if (!plan) {
      shape.made++;
      plan = this.#build(shape, held);
      shape.byMask.set(held, plan);
    }
    return plan;
  }

  /** The visit plan of the stages whose gates `mask` holds (null: every stage, gates tested). */
  #build(shape: Shape, mask: number | null): VisitPlan {
    this.plans++;
    const plan: VisitPlan = { always: [], indexes: [] };
    for (const { bucket, offset, exact } of shape.buckets)
      for (const s of bucket.stages) {
        const bits = this.#bits[s.ordinal];
        if (mask !== null && (bits & mask) !== bits) continue;
        const tests = mask === null ? s : this.#gated[s.ordinal];
        const bare = exact ? tests.bare : null;
        const entry: Entry = {
          s,
          rank: offset + s.ordinal,
          test: bare ? bare.test : tests.test,
          rest: bare ? bare.rest : tests.rest,
        };
        place(plan, entry, this.#ctx);
      }
    return plan;
  }
}
