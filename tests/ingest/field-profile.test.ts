// The field profile is the same whatever order events of different kinds arrive in: the
// profiler remembers, per kind, the keys it met last and their nodes, and that memory must
// never change a count, a value or a cap. Documents are generated (synthetic) from a small set
// of names so that kinds share, reorder, nest, drop and dot their keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldProfiler } from '../../src/ingest/profile.ts';

type Doc = Record<string, unknown>;

const key = fc.constantFrom('a', 'b', 'c', 'a.b', 'message', 'event', 'data', '0', 'constructor');
const scalar = fc.oneof(
  fc.constantFrom('x', 'y', 'z', '', '-', 'long'.repeat(40)),
  fc.integer({ min: 0, max: 12 }),
  fc.boolean(),
  fc.constant(null),
);
const doc: fc.Arbitrary<Doc> = fc.letrec((tie) => ({
  obj: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 3 }), tie('obj')),
})).obj as fc.Arbitrary<Doc>;

const events = fc.array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3', ''), doc), {
  minLength: 1,
  maxLength: 60,
});

function profile(list: Array<[string, Doc]>, kindOf: (kind: string, i: number) => string) {
  const p = new FieldProfiler(3);
  list.forEach(([kind, d], i) => p.add(d, kindOf(kind, i)));
  return p.result();
}

describe('FieldProfiler', () => {
  it('gives the same profile when every event is a kind of its own (nothing to remember)', () => {
    fc.assert(
      fc.property(events, (list) => {
        const shared = profile(list, (k) => k);
        const alone = profile(list, (_, i) => `own${i}`);
        expect(shared).toEqual(alone);
      }),
      { numRuns: 400 },
    );
  });

  it('counts and lists values as written, the nested and the dotted route added up', () => {
    const p = new FieldProfiler(2);
    const docs: Doc[] = [
      { a: { b: 'x' }, c: [1, 2] },
      { c: 3, a: { b: 'y' } },
      { 'a.b': 'z', a: { b: 'x' } },
      { a: { b: 'w' }, message: 'text' },
    ];
    for (const d of docs) p.add(d, 'k');
    const r = p.result();
    expect(r.counts['a.b']).toBe(5);
    expect(r.values['a.b']).toEqual(['x', 'y']);
    expect(r.capped).toContain('a.b');
    expect(r.counts.c).toBe(2);
    expect(r.values.c).toEqual(['1', '2']);
    expect(r.capped).toContain('c');
    expect(r.values.message).toEqual([]);
  });

  // Past the first 256 events of a kind only one in 16 is fully profiled; the rest must still
  // add any field they bring, or "never appears in this data" would be a guess.
  const fieldsOf = (r: { counts: Record<string, number> }) =>
    Object.keys(r.counts)
      .filter((f) => r.counts[f] > 0)
      .sort();

  it('finds a field that only an event outside the sample has', () => {
    const p = new FieldProfiler();
    for (let i = 0; i < 400; i++)
      p.add(i === 301 ? { a: 1, n: { rare: 'x', deep: { er: [2] } } } : { a: 1, n: {} }, 'k');
    const r = p.result();
    expect(fieldsOf(r)).toEqual(['a', 'n.deep.er', 'n.rare']);
    expect(r.values['n.rare']).toEqual(['x']);
    expect(r.values['n.deep.er']).toEqual(['2']);
  });

  it('knows every field of a long run of one kind, sampled or not', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 250, max: 300 }), (list, lead) => {
        const padded: Array<[string, Doc]> = [
          ...Array.from({ length: lead }, (): [string, Doc] => ['k', { a: 'x' }]),
          ...list.map(([, d]): [string, Doc] => ['k', d]),
        ];
        const sampled = profile(padded, (k) => k);
        const alone = profile(padded, (_, i) => `own${i}`);
        expect(fieldsOf(sampled)).toEqual(fieldsOf(alone));
      }),
      { numRuns: 300 },
    );
  });
});
