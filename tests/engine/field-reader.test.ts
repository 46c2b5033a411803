// fieldReader (the router's category reader) joins the names of its search once ahead and
// tries the nested spelling first; readField searches every spelling. Both must read every
// path alike on nested, flat and mixed documents, there or not, and as the compiled queries
// do: only a document's own keys are fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/eql/index.ts';
import { fieldReader, readField } from '../../src/engine/field.ts';

const key = fc.constantFrom('a', 'b', 'c', 'a.b', 'b.c', 'a.b.c', 'constructor', '0');
const leaf = fc.oneof(
  fc.constantFrom('x', 'y', 0, 1, true, null, undefined),
  fc.array(fc.constantFrom('x', 'y', null), { maxLength: 2 }),
);
// Small documents, a few levels deep: every spelling of the paths fits, and the runs stay
// quick (unbounded, 5,000 of them took ~40 s on a slow machine).
const { doc } = fc.letrec((tie) => ({
  doc: fc.dictionary(key, fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('doc')), {
    maxKeys: 5,
  }),
}));
const paths = [
  'a.b.c',
  'a.b',
  'b.c',
  'a',
  'a.constructor',
  'constructor',
  'toString',
  'a.length',
  'a.0',
];

describe('fieldReader', () => {
  it('reads every path as readField does', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom(...paths), (d, path) => {
        expect(fieldReader(path)(d)).toBe(readField(d, path));
      }),
      { numRuns: 5_000 },
    );
  });

  it('finds no field in what an object or a list inherits', () => {
    // SYNTHETIC document, written for this test.
    const d = { a: ['x'], b: {}, 'c.d': 1 };
    for (const path of [
      'constructor',
      'toString',
      'a.length',
      'a.constructor',
      'a.0',
      'b.valueOf',
    ]) {
      expect(fieldReader(path)(d)).toBeUndefined();
      expect(readField(d, path)).toBeUndefined();
    }
    expect(fieldReader('c.d')(d)).toBe(1);
    expect(readField(d, 'a')).toEqual(['x']);
    // As a compiled query sees them.
    const q = compile('any where a.length == 1 or toString != null or b.valueOf != null');
    expect(q.stages[0].test(d)).toBe(false);
  });
});
