// The tokens of EQL as Elasticsearch's lexer defines them. Keywords are case-sensitive
// (lowercase) in Elasticsearch, so `AND` is a field name, not an operator.

export type TokenKind =
  | 'ident' // process, startsWith~ (function names may end in `~`)
  | 'quoted' // `field with spaces`
  | 'keyword'
  | 'string'
  | 'integer'
  | 'decimal'
  | 'punct'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword/punctuation text, identifier name, or the decoded string value. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'in~',
  'join',
  'like',
  'like~',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'regex~',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

/** Longest first, so `==` wins over `=` and `![` over `!`. */
export const PUNCTUATION: readonly string[] = [
  '![',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '=',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '.',
  ',',
  '[',
  ']',
  '(',
  ')',
  '|',
  '?',
];
