// Real queries mutated a few edits at a time: the parser's property test and the language fuzz
// test both start from working rule text, since random text rarely gets past the lexer.
import fc from 'fast-check';

/** Pieces of EQL and of what breaks lexers: operators, keywords, functions, hostile literals. */
export const EQL_TOKENS = [
  '[',
  ']',
  '![',
  '(',
  ')',
  '"',
  '"""',
  '`',
  '?',
  '~',
  '==',
  '!=',
  '=',
  ':',
  ':~',
  ',',
  '|',
  ' and ',
  ' or ',
  ' not ',
  ' in ',
  ' in~ ',
  ' like~ ',
  ' regex~ ',
  ' by ',
  ' with ',
  ' where ',
  ' sequence ',
  ' sample ',
  ' until ',
  ' maxspan=',
  ' runs=',
  '\\',
  '\\u{110000}',
  '\\u{',
  '\n',
  '0',
  '1.5',
  '-',
  '-1',
  '99999999999999999999',
  '1.5e308',
  '1e999',
  '*',
  '/*',
  '//',
  'x',
  'any',
  'null',
  'true',
  ' head ',
  ' tail ',
  ' filter ',
  'cidrMatch(',
  'length(',
  'concat(',
  'substring(',
  'wildcard(',
  'number(',
  'between(',
  '"(((((((((("',
  '"[z-a]"',
  '"*?*?*?*?*?*?*?*?*?*?"',
  '\u0000',
  '\ud800',
  '😀',
];

/** How far one edit may reach: a deletion's and a duplication's longest run. */
export interface EditReach {
  readonly deleteMax: number;
  readonly duplicateMax: number;
}

/** One edit: insert a token or a short string, delete a run, or duplicate a run in place. */
export function textEdit(tokens: readonly string[], reach: EditReach) {
  return fc.oneof(
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })),
    }),
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: reach.deleteMax }),
    }),
    fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: reach.duplicateMax }),
    }),
  );
}

export type TextEdit = ReturnType<typeof textEdit> extends fc.Arbitrary<infer T> ? T : never;

/** The seed with the edits applied in order; positions wrap to the text's current length. */
export function applyEdits(seed: string, edits: readonly TextEdit[]): string {
  let s = seed;
  for (const e of edits) {
    const at = e.at % (s.length + 1);
    if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
    else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
    else s = s.slice(0, at) + s.slice(at, at + e.length) + s.slice(at);
  }
  return s;
}
