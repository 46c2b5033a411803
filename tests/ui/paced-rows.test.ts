import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paceRows } from '../../src/ui/lib/paced-rows';

interface Row {
  key: string;
  v: number;
}
const row = (key: string, v = 0): Row => ({ key, v });

describe('paceRows', () => {
  it('adds at most the budget of new rows a step, in the target order', () => {
    const target = Array.from({ length: 7 }, (_, i) => row(`f${i}`));
    const first = paceRows([], target, 3);
    expect(first.rows.map((r) => r.key)).toEqual(['f0', 'f1', 'f2']);
    expect(first.pending).toBe(true);
    const second = paceRows(first.rows, target, 3);
    expect(second.rows.map((r) => r.key)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    const third = paceRows(second.rows, target, 3);
    expect(third.rows).toEqual(target);
    expect(third.pending).toBe(false);
  });

  it('keeps the old version of a changed row past the budget, and drops gone rows at once', () => {
    const shown = [row('a'), row('b'), row('c'), row('d')];
    const target = [row('a', 1), row('b', 1), shown[2], row('e')];
    const step = paceRows(shown, target, 1);
    expect(step.rows).toEqual([row('a', 1), shown[1], shown[2]]);
    expect(step.rows[1]).toBe(shown[1]);
    expect(step.pending).toBe(true);
  });

  it('reaches any target list, changing at most the budget of rows a step', () => {
    const list = fc.array(
      fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), v: fc.nat(3) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(list, list, fc.integer({ min: 1, max: 4 }), (from, to, budget) => {
        const unique = (rows: Row[]) =>
          rows.filter((r, i) => rows.findIndex((s) => s.key === r.key) === i);
        let shown = unique(from);
        const target = unique(to).map(
          (r) => shown.find((s) => s.key === r.key && s.v === r.v) ?? r,
        );
        for (let steps = 0; steps <= target.length; steps++) {
          const step = paceRows(shown, target, budget);
          const fresh = step.rows.filter((r) => !shown.includes(r)).length;
          expect(fresh).toBeLessThanOrEqual(budget);
          shown = step.rows;
          if (!step.pending) break;
        }
        expect(shown).toEqual(target);
        shown.forEach((r, i) => expect(r).toBe(target[i]));
      }),
      { numRuns: 300 },
    );
  });
});
