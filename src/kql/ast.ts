// The Kibana Query Language as a tree. Lucene's common subset parses into the same tree.

/** Where a node sits in the query text (0-based, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * A value as written: the text split at its unescaped wildcards. `parts.length === 1` means
 * no wildcard; `['', '']` is a lone `*`. Quoted values never carry wildcards.
 */
export interface Value {
  readonly parts: readonly string[];
  readonly quoted: boolean;
  readonly span: Span;
}

/** A field name, possibly with wildcards (`file.hash.*`). */
export interface FieldName {
  readonly parts: readonly string[];
  readonly span: Span;
}

export type Query = Or | And | Not | Match | Range | Exists | Nested | FreeText;

export interface Or {
  readonly type: 'or';
  readonly operands: readonly Query[];
  readonly span: Span;
}

export interface And {
  readonly type: 'and';
  readonly operands: readonly Query[];
  readonly span: Span;
}

export interface Not {
  readonly type: 'not';
  readonly operand: Query;
  readonly span: Span;
}

/** `field : value` — one value; value lists are expanded into or/and/not of Matches. */
export interface Match {
  readonly type: 'match';
  readonly field: FieldName;
  readonly value: Value;
  readonly span: Span;
}

export type RangeOp = '<' | '<=' | '>' | '>=';

/** `field < value`; Lucene `[a TO b]` becomes two bounds joined by `and`. */
export interface Range {
  readonly type: 'range';
  readonly field: FieldName;
  readonly op: RangeOp;
  readonly value: Value;
  readonly span: Span;
}

/** `field : *` */
export interface Exists {
  readonly type: 'exists';
  readonly field: FieldName;
  readonly span: Span;
}

/** `field : { query }` — the inner query holds for one element of the (object array) field. */
export interface Nested {
  readonly type: 'nested';
  readonly field: FieldName;
  readonly query: Query;
  readonly span: Span;
}

/** A value with no field: matches when any field of the event matches it. */
export interface FreeText {
  readonly type: 'free';
  readonly value: Value;
  readonly span: Span;
}

export function fieldText(f: FieldName): string {
  return f.parts.join('*');
}

export function isWildcard(v: Value | FieldName): boolean {
  return v.parts.length > 1;
}
