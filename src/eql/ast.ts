// The query as written, one node type per construct. Every node carries the source range it
// came from so errors and the UI can point at it. Parenthesis are not nodes: the printer
// re-derives them from precedence, which is what makes print → parse an identity.

/** Half-open [start, end) offsets into the query text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface NumberLiteral {
  readonly type: 'Number';
  readonly value: number;
  /** Written without a fraction or exponent; integer arithmetic divides like Java longs. */
  readonly integer: boolean;
  readonly span: Span;
}
export interface StringLiteral {
  readonly type: 'String';
  readonly value: string;
  readonly span: Span;
}
export interface BooleanLiteral {
  readonly type: 'Boolean';
  readonly value: boolean;
  readonly span: Span;
}
export interface NullLiteral {
  readonly type: 'Null';
  readonly span: Span;
}
export type Literal = NumberLiteral | StringLiteral | BooleanLiteral | NullLiteral;

export interface Field {
  readonly type: 'Field';
  /** Segments as written (a backticked segment may itself contain dots). */
  readonly path: readonly string[];
  /** Written `?field`: absent is null rather than an error in Elasticsearch. */
  readonly optional: boolean;
  readonly span: Span;
}

export interface Not {
  readonly type: 'Not';
  readonly operand: Expr;
  readonly span: Span;
}
export interface Logical {
  readonly type: 'Logical';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export interface Compare {
  readonly type: 'Compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}
export type ArithOp = '+' | '-' | '*' | '/' | '%';
export interface Arith {
  readonly type: 'Arith';
  readonly op: ArithOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}
export interface Negate {
  readonly type: 'Negate';
  readonly operand: Expr;
  readonly span: Span;
}
export type MatchOp = ':' | 'like' | 'like~' | 'regex' | 'regex~';
/** `x : "a*"`, `x like~ ("a", "b")`, `x regex "…"`: pattern matching against constants. */
export interface Match {
  readonly type: 'Match';
  readonly op: MatchOp;
  readonly operand: Expr;
  readonly patterns: readonly Literal[];
  /** Written with parentheses (a list), kept so printing preserves the author's form. */
  readonly list: boolean;
  readonly span: Span;
}
/** `x in (…)`, `x in~ (…)`, `x not in (…)`, `x not in~ (…)`: exact membership. */
export interface In {
  readonly type: 'In';
  readonly operand: Expr;
  readonly values: readonly Expr[];
  readonly insensitive: boolean;
  readonly negated: boolean;
  readonly span: Span;
}
export interface Call {
  readonly type: 'Call';
  /** As written, including a trailing `~` (`startsWith~`). */
  readonly name: string;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export type Expr = Literal | Field | Not | Logical | Compare | Arith | Negate | Match | In | Call;

/** `category where condition`; category null means `any`. */
export interface EventFilter {
  readonly type: 'EventFilter';
  readonly category: string | null;
  readonly condition: Expr;
  readonly span: Span;
}

export interface TimeSpan {
  readonly value: number;
  readonly unit: 'ms' | 's' | 'm' | 'h' | 'd';
  readonly span: Span;
}

export interface SequenceStage {
  readonly type: 'SequenceStage';
  readonly filter: EventFilter;
  readonly by: readonly Expr[];
  /** `![…]`: the sequence matches only when no such event occurs at this point. */
  readonly missing: boolean;
  /** `with runs=N`, null when absent. */
  readonly runs: number | null;
  readonly span: Span;
}

export interface SampleStage {
  readonly type: 'SampleStage';
  readonly filter: EventFilter;
  readonly by: readonly Expr[];
  readonly span: Span;
}

export interface Pipe {
  readonly type: 'Pipe';
  readonly name: 'head' | 'tail';
  readonly count: number;
  readonly span: Span;
}

export interface EventQuery {
  readonly type: 'EventQuery';
  readonly filter: EventFilter;
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export interface SequenceQuery {
  readonly type: 'SequenceQuery';
  readonly by: readonly Expr[];
  readonly maxspan: TimeSpan | null;
  readonly stages: readonly SequenceStage[];
  readonly until: SequenceStage | null;
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export interface SampleQuery {
  readonly type: 'SampleQuery';
  readonly by: readonly Expr[];
  readonly stages: readonly SampleStage[];
  readonly pipes: readonly Pipe[];
  readonly span: Span;
}

export type Query = EventQuery | SequenceQuery | SampleQuery;

export type Node = Expr | EventFilter | SequenceStage | SampleStage | Pipe | Query;
