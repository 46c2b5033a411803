// fieldReader (the router's category reader) joins the names of its search once ahead; the
// reference below is the reader as it was, searching with readField on a miss. Both must read
// every path alike on nested, flat and mixed documents, there or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldReader, readField } from '../../src/engine/field.ts';

const key = fc.constantFrom('a', 'b', 'c', 'a.b', 'b.c', 'a.b.c', 'constructor');
const leaf = fc.oneof(
  fc.constantFrom('x', 'y', 0, 1, true, null, undefined),
  fc.array(fc.constantFrom('x', 'y', null), { maxLength: 2 }),
);
const { doc } = fc.letrec((tie) => ({
  doc: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('doc'))),
}));

function reference(path: string): (doc: Record<string, unknown>) => unknown {
  const parts = path.split('.');
  return (doc) => {
    if (path in doc) return doc[path];
    let node: unknown = doc;
    for (const p of parts) {
      if (node === null || typeof node !== 'object') return readField(doc, path);
      node = (node as Record<string, unknown>)[p];
      if (node === undefined) return readField(doc, path);
    }
    return node;
  };
}

describe('fieldReader', () => {
  it('reads every path as before', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom('a.b.c', 'a.b', 'b.c', 'a', 'a.constructor'), (d, path) => {
        expect(fieldReader(path)(d)).toBe(reference(path)(d));
      }),
      { numRuns: 5_000 },
    );
  });
});
