// The contract between the language (src/eql) and the correlator (src/engine).
// The compiler turns a parsed query into this shape once; the engine runs it over millions
// of events without ever looking at the AST again. Extend it additively; both sides use it.

/** An event as the engine sees it: an ECS document, nested objects or flat dotted keys. */
export type Doc = Record<string, unknown>;

/** Reads one field path, resolved at compile time. `undefined` when the field is absent. */
export type Getter = (doc: Doc) => unknown;

export interface JoinKeyGetter {
  /** The field as written in the query, without the `?` (e.g. `host.id`). */
  readonly field: string;
  /** Written as `?field`: a missing value is a usable (null) key instead of no match. */
  readonly optional: boolean;
  /** A date field: `get` yields epoch millis, and sequences print the key as ISO text. */
  readonly date?: boolean;
  readonly get: Getter;
}

export interface CompiledStage {
  /** Position among the query's stages after `with runs=N` expansion (0-based). -1 for `until`. */
  readonly index: number;
  /** Position of the stage as written in the query (repeated stages share it). */
  readonly sourceIndex: number;
  /** The event category the stage is restricted to; null for `any`. */
  readonly category: string | null;
  /** A missing-event stage `![…]`. */
  readonly missing: boolean;
  /** The `with runs=N` the stage was written with (1 when absent). */
  readonly runs: number;
  /** Sequence-level `by` keys first, then the stage's own `by` keys (sample: the `by` keys). */
  readonly keys: readonly JoinKeyGetter[];
  /** Category check AND condition; a null (unknown) condition is false. */
  readonly test: (doc: Doc) => boolean;
  /** Every field path the condition and keys read, for "what does this rule need" diagnostics. */
  readonly fields: readonly string[];
  /** The stage as written, for messages (`[process where …]`). */
  readonly text: string;
}

export interface HeadTailPipe {
  readonly kind: 'head' | 'tail';
  readonly count: number;
}

export interface CompileOptions {
  /** Field holding the event category (`event.category` in ECS; `event_type` in the ES suites). */
  readonly categoryField?: string;
  /** Field holding the event time (`@timestamp`). */
  readonly timestampField?: string;
  /** Optional second sort field (`serial_event_id` in the ES suites). */
  readonly tiebreakerField?: string;
  /**
   * Fields to treat as dates besides ECS's date fields and the timestamp field (see
   * dates.ts): compared with literals as instants, printed in join keys as epoch millis.
   */
  readonly dateFields?: readonly string[];
  /**
   * Per field, the value an explicit null stands for: Elasticsearch's `null_value` mapping
   * parameter (`{"optional_field_default_null": "NULL"}`). Absent fields stay absent.
   */
  readonly nullValues?: Readonly<Record<string, unknown>>;
}

export interface CompiledQuery {
  readonly kind: 'event' | 'sequence' | 'sample';
  /** The field the stages read the event category from (absent in hand-built queries). */
  /** Fields this query reads with mapping semantics (dates, null_value) rather than as they
   *  are written: a plan that re-reads conditions must leave stages naming them alone. */
  readonly readAsTyped?: ReadonlySet<string>;
  readonly categoryField?: string;
  /** The query text. */
  readonly source: string;
  /** One stage for an event query; the expanded stages of a sequence or sample. */
  readonly stages: readonly CompiledStage[];
  readonly until: CompiledStage | null;
  /** `with maxspan=…` in milliseconds; null when absent. */
  readonly maxspanMs: number | null;
  readonly pipes: readonly HeadTailPipe[];
  /** Event time in epoch milliseconds (ISO strings and numbers accepted); null when unusable. */
  readonly timestamp: (doc: Doc) => number | null;
  /** The tiebreaker value, or null when no tiebreaker field is set or the event lacks it. */
  readonly tiebreaker: ((doc: Doc) => unknown) | null;
}
