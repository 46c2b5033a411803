// TupleTable (the near-miss memos' hash table) against a Map keyed on the tuple's text: every
// tuple gets one entry, numbered in the order first seen, through growth from a tiny table,
// with many tuples sharing a slot, tuples that differ only in order or in one place, and
// emptied and filled again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TupleTable } from '../../src/engine/plan/tuple-table.ts';

/** Interns `tuples` into `table`, checking each entry against a Map's numbering. */
function check(table: TupleTable, tuples: readonly number[][]): Map<string, number> {
  const reference = new Map<string, number>();
  const key = new Int32Array(Math.max(1, table.arity));
  for (const t of tuples) {
    key.set(t);
    const text = t.join(',');
    const expected = reference.get(text) ?? reference.size;
    reference.set(text, expected);
    expect(table.intern(key)).toBe(expected);
    expect(table.size).toBe(reference.size);
  }
  for (const [text, e] of reference) expect([...table.tuple(e)].join(',')).toBe(text);
  return reference;
}

describe('TupleTable', () => {
  it('numbers tuples as a Map would, growing from two entries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((arity) =>
          fc.tuple(
            fc.constant(arity),
            fc.array(
              fc.array(fc.integer({ min: 0, max: 6 }), { minLength: arity, maxLength: arity }),
              {
                maxLength: 400,
              },
            ),
          ),
        ),
        ([arity, tuples]) => {
          check(new TupleTable(arity, 2), tuples);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps thousands of tuples apart, repeated ones included, and again after clear', () => {
    const table = new TupleTable(3, 2);
    const tuples: number[][] = [];
    for (let i = 0; i < 20_000; i++) tuples.push([i % 97, (i * 7) % 13, i % 1000]);
    // The same values in another order, or one value apart, are other tuples.
    for (let i = 0; i < 500; i++) tuples.push([i % 1000, (i * 7) % 13, i % 97], [i % 97, 0, 0]);
    const seen = check(table, tuples);
    expect(seen.size).toBeGreaterThan(5000);
    table.clear();
    expect(table.size).toBe(0);
    check(table, tuples.slice().reverse());
  });

  it('holds the empty tuple and large numbers', () => {
    const empty = new TupleTable(0);
    check(empty, [[], [], []]);
    expect(empty.size).toBe(1);
    check(new TupleTable(2), [
      [2 ** 31 - 1, 0],
      [0, 2 ** 31 - 1],
      [2 ** 31 - 1, 0],
      [1 << 21, 1],
      [1, 1 << 21],
    ]);
  });
});
