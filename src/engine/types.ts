// Shapes shared by the Collector (one per worker) and the Correlator (one per scan).
// Everything a Collector hands over is plain data, so batches survive structured clone
// between browser workers and can be merged in any order.
import type * as ast from '../eql/ast.ts';
import type { CompiledQuery, Doc } from '../eql/compiled.ts';

/** Where an event came from: the stable input order that breaks timestamp ties. */
export interface EventRef {
  /** Index of the file among all files of the scan (the order they were given in). */
  readonly file: number;
  /** Index of the record inside its file. */
  readonly record: number;
  /** Where the record starts in its file (bytes), when the reader knows: lets a caller fetch it again. */
  readonly offset?: number;
}

/** One query to run, with the knobs Elasticsearch's EQL search API gives it. */
export interface QuerySpec {
  /** Names the query in results and messages (a rule id, or `query`). */
  readonly id: string;
  /** Human name for messages (a rule name); defaults to the id. */
  readonly name?: string;
  readonly query: CompiledQuery;
  /** The field the query was compiled to read the category from, when not the collector's. */
  readonly categoryField?: string;
  /** ES `size`: results returned at most (default 10). `Infinity` lifts the cap. */
  readonly size?: number;
  /** ES `max_samples_per_key` for sample queries (default 1). */
  readonly maxSamplesPerKey?: number;
  /**
   * Circuit breaker: candidates plus pending sequences this query may hold before it is
   * stopped (default 500 000). Other queries keep running.
   */
  readonly budget?: number;
  /** Near-miss mode: per stage, the top-level conjuncts to count on the stage's category. */
  readonly nearMiss?: readonly (readonly Conjunct[])[];
}

/** A top-level `and` operand of a stage condition, for "why didn't it fire" counts. */
export interface Conjunct {
  readonly text: string;
  /** true, false, or null when the conjunct is unknown (a missing field): counted as not satisfied. */
  readonly test: (doc: Doc) => boolean | null;
  /**
   * Its syntax, when `test` is exactly "evaluates to true" under the stage's compile options:
   * the collector may then evaluate it once for every rule that has it (NearMissPlan).
   */
  readonly expr?: ast.Expr;
}

/** A stage an event matched, with the join keys it yields there (JSON of the key tuple). */
export interface StageHit {
  /** Stage index; -1 for `until`. */
  readonly stage: number;
  readonly keys: readonly string[];
}

/** An event that matched at least one stage of one query: all the correlator needs of it. */
export interface Candidate {
  /** Epoch milliseconds; NaN when the event has no usable timestamp (samples only). */
  readonly ts: number;
  readonly tb: string | number | boolean | null;
  readonly file: number;
  readonly record: number;
  readonly hits: readonly StageHit[];
  /** The event itself, unless the collector keeps references only (`keepDocs: false`). */
  readonly doc?: Doc;
  readonly offset?: number;
}

/**
 * Stands in for an event in results when the collector kept references only; the caller
 * fetches the documents (see `eventRefs` / `resolveEvents`).
 */
export interface EventStub {
  readonly $ref: EventRef;
}

/** Per-query counts a collector gathers while it sees events. */
export interface CollectedCounts {
  /** Events matching each stage (index = stage), whether or not they could be ordered. */
  readonly stageMatches: number[];
  readonly untilMatches: number;
  /** Events of the query that matched a stage but had no usable timestamp. */
  readonly untimed: number;
  /** Event-query matches seen (kept or not: event queries keep only what can be returned). */
  readonly eventMatches: number;
  /** Near-miss counts per stage: [events of the stage's category, then one per conjunct]. */
  readonly nearMiss: number[][] | null;
  /** Set when the collector tripped this query's circuit breaker. */
  readonly stopped: string | null;
}

/** What a collector hands to the correlator. Structured-clone safe. */
export interface CandidateBatch {
  /** Candidates per query, in the order of the specs. */
  readonly candidates: Candidate[][];
  readonly counts: CollectedCounts[];
  /** Events seen by the collector. */
  readonly events: number;
  /** Events without a usable timestamp, per file index. */
  readonly untimedByFile: Record<number, number>;
}

export interface MissingPlaceholder {
  readonly missing: true;
}

export interface EventResult {
  readonly events: [Doc];
}

export interface SequenceResult {
  readonly join_keys: unknown[];
  readonly events: (Doc | MissingPlaceholder)[];
}

export type Result = EventResult | SequenceResult;

export interface StageStats {
  readonly stage: number;
  readonly text: string;
  readonly missing: boolean;
  /** Events that satisfied the stage. */
  readonly matched: number;
  /** Distinct join keys among those events (timed ones). */
  readonly distinctKeys: number;
  /** Near-miss: events of the stage's category, and how many satisfied each conjunct. */
  readonly nearMiss?: {
    readonly categoryEvents: number;
    readonly conjuncts: { text: string; satisfied: number }[];
  };
}

export interface QueryStats {
  readonly stages: StageStats[];
  readonly untilMatched: number;
  readonly sequencesStarted: number;
  readonly sequencesCompleted: number;
  readonly rejectedByMaxspan: number;
  readonly rejectedByUntil: number;
  readonly rejectedByMissing: number;
  /** Pending sequences forgotten once their maxspan window had passed (memory, not results). */
  readonly sequencesExpired: number;
  /** Matching events dropped because they had no usable timestamp. */
  readonly untimed: number;
}

export interface QueryOutcome {
  readonly id: string;
  readonly kind: CompiledQuery['kind'];
  /** Results as Elasticsearch's EQL search API returns them, after pipes and `size`. */
  readonly results: Result[];
  /** Results found before `size` cut them (pipes applied). */
  readonly total: number;
  /** How many were found but not returned because of `size`: never silent. */
  readonly more: number;
  readonly stats: QueryStats;
  /** The circuit breaker's message when the query was stopped; results are then empty. */
  readonly error: string | null;
}

export interface ScanSummary {
  readonly events: number;
  /** Events without a usable timestamp per file index: they could not be ordered. */
  readonly untimedByFile: Record<number, number>;
  readonly outcomes: QueryOutcome[];
}
