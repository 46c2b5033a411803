// A stage naming a date or null_value field keeps its own compiled test (the plan's conjunct
// compiler reads fields as written), wherever in the condition the field is named; the
// others are hashed. Both give the results of each rule alone.
import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/engine/index.ts';
import { compile } from '../../src/eql/index.ts';
import { expectSameAsAlone } from './plan-compare.ts';

const docs = ['2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z'].map((t, i) => ({
  '@timestamp': t,
  event: { category: 'process' },
  process: { name: 'a.exe', start: i === 0 ? '2024-04-30T00:00:00Z' : 1714521600000 },
  x: null,
}));

describe('the rule-set plan and typed fields', () => {
  it('keeps stages that name a date or null_value field deep in the condition opaque', () => {
    const options = { dateFields: ['process.start'], nullValues: { x: 'NULL' } };
    const texts = [
      'process where process.name == "a.exe" and (x == "NULL" or not process.name : "b*")',
      'process where process.name == "a.exe" and not (process.start >= "2024-05-01T00:00:00Z")',
      'process where process.name == "a.exe"',
    ];
    const specs: QuerySpec[] = texts.map((text, i) => ({
      id: `q${i}`,
      query: compile(text, options),
      size: Infinity,
    }));
    const { stats } = expectSameAsAlone(specs, docs);
    expect(stats.dispatched).toBe(1);
  });
});
