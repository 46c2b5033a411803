// The first phase of a scan, one per worker: every event is offered once, meets only the
// stages its category can match, and is kept only if it matched something — as a
// Candidate. Event queries keep only the events that can still be returned.
import type { Doc } from '../eql/compiled.ts';
import { StageRouter, type StageRef } from './category-index.ts';
import { NearMissPlan, type NearMissQuery } from './plan/near-miss-plan.ts';
import { RulePlan, type PlanStats } from './plan/rule-plan.ts';
import { joinKeysOf, singleJoinKey } from './join-key.ts';
import { KeyArrays } from './key-arrays.ts';
import { tiebreakerValue } from './ordinal.ts';
import { eventWindow, trimToWindow, type EventWindow } from './pipes.ts';
import type {
  Candidate,
  CandidateBatch,
  CollectedCounts,
  EventRef,
  QuerySpec,
  StageHit,
} from './types.ts';

export interface CollectorOptions {
  /** Field holding the event category (default `event.category`). */
  readonly categoryField?: string;
  /**
   * Keep each candidate's document (default). With false only its EventRef is kept, so
   * memory grows with candidates alone; results then hold EventStubs to resolve.
   */
  readonly keepDocs?: boolean;
  /**
   * Plan the rule set (default). false offers each event every stage of its category and
   * runs each stage's own test, as before the plan: the reference the plan is tested against.
   */
  readonly dispatch?: boolean;
  /**
   * The plan of these very specs (planFor), built once for collectors used one at a time (a
   * plan keeps the current event's state): a helper's files, each planned cost ~16 ms.
   */
  readonly plan?: RulePlan;
  /** Join keys shared (below) before their map starts afresh (default 100k). */
  readonly sharedKeys?: number;
  /**
   * Asked once for each event some stage takes, before anything of it is counted (for every
   * event while near-miss counts are kept): false drops it as a record already offered. An
   * event no stage takes changes no result, so only these need a record key (sequent scan).
   */
  readonly admit?: () => boolean;
}

/** The rule-set plan a Collector of `specs` with `options` builds. */
export function planFor(specs: readonly QuerySpec[], options: CollectorOptions = {}): RulePlan {
  const categoryField = options.categoryField ?? 'event.category';
  return new RulePlan(
    specs.map((s) => s.query),
    specs.map((s) => s.categoryField ?? categoryField),
    { dispatch: options.dispatch ?? true },
  );
}

export const DEFAULT_BUDGET = 500_000;

/**
 * What a NearMissPlan counts for `specs`, as the Collector counts it: each spec's near-miss
 * conjuncts over its category field. Also for counting apart from collecting (the page counts
 * after its scan, from the stored events: src/worker/app/near-miss-pass.ts).
 */
export function nearMissQueries(
  specs: readonly QuerySpec[],
  categoryField = 'event.category',
): NearMissQuery[] {
  return specs.map((s) => ({
    query: s.query,
    conjuncts: s.nearMiss,
    categoryField: s.categoryField ?? categoryField,
  }));
}

interface QueryState {
  candidates: Candidate[];
  stageMatches: number[];
  untilMatches: number;
  untimed: number;
  eventMatches: number;
  nearMiss: number[][] | null;
  stopped: string | null;
  window: EventWindow | null;
}

export class Collector {
  readonly #specs: readonly QuerySpec[];
  readonly #plan: RulePlan;
  /** Near-miss counts the naive way: the reference, without the plan (`dispatch: false`). */
  readonly #nearMissIndex: StageRouter | null;
  readonly #nearMissPlan: NearMissPlan | null;
  readonly #keepDocs: boolean;
  #states: QueryState[] = [];
  #events = 0;
  #untimedByFile: Record<number, number> = {};
  /**
   * The queries whose state changed since the last drain, when drains may hand over only
   * those (no near-miss counts): a scan that drains every 128 events would otherwise make a
   * fresh state for each of a thousand rules each time, almost all of them untouched.
   */
  readonly #dirty: number[] | null;
  readonly #isDirty: Uint8Array;
  /** Per event, the queries hit, in order of their first hit, and their hits. */
  readonly #hitQueries: number[] = [];
  readonly #hitLists: (StageHit[] | null)[];
  readonly #admit: (() => boolean) | null;
  /** Near-miss counts take events no stage takes: each must be admitted. */
  readonly #admitsAll: boolean;

  constructor(specs: readonly QuerySpec[], options: CollectorOptions = {}) {
    this.#specs = specs;
    const categoryField = options.categoryField ?? 'event.category';
    this.#keepDocs = options.keepDocs ?? true;
    this.#keyArrays = new KeyArrays(options.sharedKeys ?? 100_000);
    const fields = specs.map((s) => s.categoryField ?? categoryField);
    this.#plan = options.plan ?? planFor(specs, options);
    const nearMiss = specs.some((s) => s.nearMiss);
    const planned = options.dispatch ?? true;
    this.#nearMissPlan =
      nearMiss && planned
        ? new NearMissPlan(
            nearMissQueries(specs, categoryField),
            // Fields both plans read are read once per event; `add` below calls matching first.
            { context: this.#plan.context },
          )
        : null;
    this.#nearMissIndex =
      nearMiss && !planned
        ? new StageRouter(
            specs.map((s) => (s.nearMiss ? s.query : { ...s.query, stages: [], until: null })),
            fields,
          )
        : null;
    this.#dirty = nearMiss ? null : [];
    this.#isDirty = new Uint8Array(specs.length);
    this.#hitLists = specs.map(() => null);
    this.#admit = options.admit ?? null;
    this.#admitsAll = nearMiss;
    this.#reset();
  }

  #fresh(q: number): QueryState {
    const s = this.#specs[q];
    return {
      candidates: [],
      stageMatches: s.query.stages.map(() => 0),
      untilMatches: 0,
      untimed: 0,
      eventMatches: 0,
      nearMiss: s.nearMiss ? s.nearMiss.map((c) => new Array<number>(c.length + 1).fill(0)) : null,
      stopped: null,
      window: s.query.kind === 'event' ? eventWindow(s.query.pipes, s.size ?? 10) : null,
    };
  }

  #reset(): void {
    this.#states = this.#specs.map((_, q) => this.#fresh(q));
    this.#events = 0;
    this.#untimedByFile = {};
  }

  #touch(q: number): void {
    if (this.#dirty === null || this.#isDirty[q] === 1) return;
    this.#isDirty[q] = 1;
    this.#dirty.push(q);
  }

  /** Offers one event. `ref` gives its stable input position. */
  add(doc: Doc, ref: EventRef): void {
    this.#events++;
    const refs = this.#plan.matching(doc);
    if (this.#admit !== null && (refs.length > 0 || this.#admitsAll) && !this.#admit()) return;
    let untimedCounted = false;
    // Stages arrive grouped by category, not by query: gather hits per query first (in the
    // order of each query's first hit), in lists reused from event to event.
    const hitQueries = this.#hitQueries;
    const hitLists = this.#hitLists;
    for (const r of refs) {
      const state = this.#states[r.query];
      this.#touch(r.query);
      // One key, and no array to multiply it, is the common case: no tuple, no new array.
      const key = singleJoinKey(r.stage, doc);
      const keys =
        key === undefined
          ? joinKeysOf(r.stage, doc)
          : key === null
            ? null
            : this.#keyArrays.single(key);
      if (r.stage.index < 0) state.untilMatches++;
      else state.stageMatches[r.stage.index]++;
      if (keys === null) continue;
      const hit: StageHit = {
        stage: r.stage.index,
        keys: key === undefined ? this.#keyArrays.shared(keys) : keys,
      };
      const hits = hitLists[r.query];
      // Most queries hit once per event: a list of exactly one (`[]` and a push reserves 17).
      if (hits === null) {
        hitLists[r.query] = [hit];
        hitQueries.push(r.query);
      } else hits.push(hit);
    }
    this.#nearMissPlan?.add(doc);
    if (this.#nearMissIndex) this.#countNearMiss(doc, this.#nearMissIndex.stagesFor(doc));
    if (hitQueries.length === 0) return;
    for (let h = 0; h < hitQueries.length; h++) {
      const q = hitQueries[h];
      const hits = hitLists[q]!;
      hitLists[q] = null;
      const spec = this.#specs[q];
      const state = this.#states[q];
      const ts = spec.query.timestamp(doc);
      // Samples are not ordered, so they need no timestamp; everything else does.
      if ((ts === null || !Number.isFinite(ts)) && spec.query.kind !== 'sample') {
        if (!untimedCounted) {
          this.#untimedByFile[ref.file] = (this.#untimedByFile[ref.file] ?? 0) + 1;
          untimedCounted = true;
        }
        state.untimed++;
        continue;
      }
      // Past its budget a query keeps no candidates; its counts go on (see #drainDirty).
      if (state.stopped !== null) continue;
      const tb = spec.query.tiebreaker ? tiebreakerValue(spec.query.tiebreaker(doc)) : null;
      const candidate = makeCandidate(ts ?? Number.NaN, tb, ref, hits, this.#keepDocs ? doc : null);
      if (state.window) {
        state.eventMatches++;
        keepWithin(state, candidate);
        continue;
      }
      state.candidates.push(candidate);
      if (state.candidates.length > (spec.budget ?? DEFAULT_BUDGET)) this.#trip(q);
    }
    hitQueries.length = 0;
  }

  readonly #keyArrays: KeyArrays;

  #countNearMiss(doc: Doc, refs: readonly StageRef[]): void {
    for (const r of refs) {
      const conjuncts = this.#specs[r.query].nearMiss?.[r.stage.index];
      const counts = this.#states[r.query].nearMiss?.[r.stage.index];
      if (!conjuncts || !counts) continue;
      counts[0]++;
      for (let i = 0; i < conjuncts.length; i++) if (conjuncts[i].test(doc)) counts[i + 1]++;
    }
  }

  #trip(q: number): void {
    const spec = this.#specs[q];
    const state = this.#states[q];
    const stages = spec.query.stages;
    let worst = 0;
    for (let i = 1; i < stages.length; i++) {
      if (state.stageMatches[i] > state.stageMatches[worst]) worst = i;
    }
    state.stopped = budgetMessage(spec, stages[worst]?.text ?? '', worst, 'candidate events');
    state.candidates = [];
  }

  /** How the rule-set plan has done so far: stages tried per event, on average and at worst. */
  planStats(): PlanStats {
    return this.#plan.stats();
  }

  /** Hands over everything gathered since the last drain and starts afresh. */
  drain(): CandidateBatch {
    if (this.#dirty !== null) return this.#drainDirty(this.#dirty);
    const planned = this.#nearMissPlan?.take();
    const batch: CandidateBatch = {
      candidates: this.#states.map((s) => s.candidates),
      counts: this.#states.map((s, q) => ({
        stageMatches: s.stageMatches,
        untilMatches: s.untilMatches,
        untimed: s.untimed,
        eventMatches: s.eventMatches,
        nearMiss: planned?.[q] ?? s.nearMiss,
        stopped: s.stopped,
      })),
      events: this.#events,
      untimedByFile: this.#untimedByFile,
    };
    const stopped = this.#states.map((s) => s.stopped);
    this.#reset();
    // A tripped query stays stopped for the whole scan.
    stopped.forEach((m, q) => {
      if (m !== null) this.#states[q].stopped = m;
    });
    return batch;
  }

  /**
   * The same batch, for a collector without near-miss counts: queries untouched since the last
   * drain hand over nothing and keep their state (as fresh as a new one). One past its budget
   * hands over counts alone, which the correlator it stopped sums, however often it drains.
   */
  #drainDirty(dirty: number[]): CandidateBatch {
    const n = this.#specs.length;
    const candidates = new Array<Candidate[]>(n);
    const counts = new Array<CollectedCounts>(n);
    for (let q = 0; q < n; q++) {
      if (this.#isDirty[q] === 1) continue;
      candidates[q] = NO_CANDIDATES;
      counts[q] = NO_COUNTS;
    }
    for (const q of dirty) {
      const s = this.#states[q];
      candidates[q] = s.candidates;
      counts[q] = {
        stageMatches: s.stageMatches,
        untilMatches: s.untilMatches,
        untimed: s.untimed,
        eventMatches: s.eventMatches,
        nearMiss: s.nearMiss,
        stopped: s.stopped,
      };
      const fresh = this.#fresh(q);
      // A tripped query stays stopped for the whole scan.
      fresh.stopped = s.stopped;
      this.#states[q] = fresh;
      this.#isDirty[q] = 0;
    }
    dirty.length = 0;
    const batch: CandidateBatch = {
      candidates,
      counts,
      events: this.#events,
      untimedByFile: this.#untimedByFile,
    };
    this.#events = 0;
    this.#untimedByFile = {};
    return batch;
  }
}

/** An untouched query's share of a batch, shared by every batch: frozen, so no one writes it. */
const NO_CANDIDATES: Candidate[] = Object.freeze([]) as unknown as Candidate[];
const NO_COUNTS: CollectedCounts = Object.freeze({
  stageMatches: Object.freeze([]) as unknown as number[],
  untilMatches: 0,
  untimed: 0,
  eventMatches: 0,
  nearMiss: null,
  stopped: null,
});

export function budgetMessage(
  spec: QuerySpec,
  stageText: string,
  stage: number,
  what: string,
): string {
  const name = spec.name && spec.name !== spec.id ? `${spec.name} (${spec.id})` : spec.id;
  return (
    `rule "${name}" stopped: more than ${spec.budget ?? DEFAULT_BUDGET} ${what} pending, ` +
    `driven by stage ${stage + 1} ${stageText} — it matches too much for its time window; ` +
    `narrow the stage or add "with maxspan"`
  );
}

/**
 * A candidate with `doc` and `offset` only when there are some, written out rather than
 * spread from temporary objects: the collector makes one or two per event.
 */
function makeCandidate(
  ts: number,
  tb: Candidate['tb'],
  ref: EventRef,
  hits: StageHit[],
  doc: Doc | null,
): Candidate {
  const { file, record, offset } = ref;
  if (doc === null)
    return offset === undefined
      ? { ts, tb, file, record, hits }
      : { ts, tb, file, record, hits, offset };
  return offset === undefined
    ? { ts, tb, file, record, hits, doc }
    : { ts, tb, file, record, hits, doc, offset };
}

/** Event queries only ever return the first (or last) few: keep those, drop the rest. */
function keepWithin(state: QueryState, c: Candidate): void {
  state.candidates.push(c);
  trimToWindow(state.candidates, state.window!);
}
