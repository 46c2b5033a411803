import { describe, expect, it } from 'vitest';
import { joinKeysOf, keyValues, singleJoinKey } from '../../src/engine/join-key.ts';
import { compareOrdinal, compareTiebreaker, tiebreakerValue } from '../../src/engine/ordinal.ts';
import type { Candidate } from '../../src/engine/types.ts';
import { query } from './build.ts';

const stage = (by: string[]) => query({ stages: [{ category: null, by }] }).stages[0];

describe('join keys', () => {
  it('builds the single key exactly as the tuple JSON, and leaves arrays to joinKeysOf', () => {
    const values: unknown[] = [
      'a',
      'q"uo\\te',
      'İx\u2028',
      0,
      -0,
      12.5,
      1e21,
      true,
      null,
      undefined,
      { nested: 'x' },
    ];
    for (const by of [[], ['k'], ['?k'], ['k', '?j'], ['?k', 'j', 'k']])
      for (const k of values)
        for (const j of values) {
          const doc = { k, j };
          const single = singleJoinKey(stage(by), doc);
          const keys = joinKeysOf(stage(by), doc);
          expect(single, JSON.stringify({ by, doc })).toEqual(keys === null ? null : keys[0]);
          if (keys !== null) expect(keys).toHaveLength(1);
        }
    expect(singleJoinKey(stage(['k']), { k: ['a'] })).toBeUndefined();
  });

  it('reads nested and dotted fields alike', () => {
    const s = stage(['host.id']);
    expect(joinKeysOf(s, { host: { id: 'a' } })).toEqual(['["a"]']);
    expect(joinKeysOf(s, { 'host.id': 'a' })).toEqual(['["a"]']);
  });

  it('gives no key for a missing or empty non-optional field, a null key for ?field', () => {
    expect(joinKeysOf(stage(['k']), {})).toBeNull();
    expect(joinKeysOf(stage(['k']), { k: null })).toBeNull();
    expect(joinKeysOf(stage(['k']), { k: [] })).toBeNull();
    expect(joinKeysOf(stage(['?k']), {})).toEqual(['[null]']);
    expect(joinKeysOf(stage(['?k']), { k: [null] })).toEqual(['[null]']);
  });

  it('skips null elements of an array and never repeats a key', () => {
    expect(joinKeysOf(stage(['k']), { k: ['a', null, 'a', 'b'] })).toEqual(['["a"]', '["b"]']);
  });

  it('round-trips key values, types kept', () => {
    const [key] = joinKeysOf(stage(['a', 'b', '?c']), { a: 1, b: 'x' })!;
    expect(keyValues(key)).toEqual([1, 'x', null]);
  });
});

describe('ordinals', () => {
  const c = (ts: number, tb: Candidate['tb'], file: number, record: number): Candidate => ({
    ts,
    tb,
    file,
    record,
    hits: [],
  });

  it('orders by timestamp, then tiebreaker, then file, then record', () => {
    const list = [c(2, null, 0, 0), c(1, 5, 1, 0), c(1, 5, 0, 9), c(1, 3, 2, 2), c(1, null, 0, 1)];
    list.sort(compareOrdinal);
    expect(list.map((x) => [x.ts, x.tb, x.file, x.record])).toEqual([
      [1, 3, 2, 2],
      [1, 5, 0, 9],
      [1, 5, 1, 0],
      [1, null, 0, 1],
      [2, null, 0, 0],
    ]);
  });

  it('sorts missing tiebreakers last and never mixes types ambiguously', () => {
    expect(compareTiebreaker(2, 10)).toBeLessThan(0);
    expect(compareTiebreaker('10', '2')).toBeLessThan(0);
    expect(compareTiebreaker(10, '2')).toBeLessThan(0);
    expect(compareTiebreaker(null, 0)).toBeGreaterThan(0);
    expect(tiebreakerValue([7, 8])).toBe(7);
    expect(tiebreakerValue(undefined)).toBeNull();
  });
});
