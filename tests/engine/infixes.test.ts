// The plan's index of literal runs (Infixes, an Aho–Corasick automaton) finds, in one pass,
// exactly the texts a value contains: the same as asking `includes` of every text. Runs
// overlapping, nested and sharing starts are where such an automaton goes wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Infixes } from '../../src/engine/plan/literal-index.ts';

const unit = fc.constantFrom('a', 'b', 'c', '-', '\\', 'é');
const text = fc.array(unit, { minLength: 1, maxLength: 5 }).map((u) => u.join(''));
const value = fc.array(unit, { maxLength: 30 }).map((u) => u.join(''));

function found(index: Infixes<string>, v: string): string[] {
  const lists: (readonly string[])[] = [];
  const n = index.find(v, lists);
  return [...new Set(lists.slice(0, n).flat())].sort();
}

describe('Infixes', () => {
  it('finds every text the value contains, and no other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(text, { minLength: 1, maxLength: 12 }),
        fc.array(value),
        (texts, values) => {
          const index = new Infixes<string>();
          texts.forEach((t) => index.add(t, t));
          for (const v of values)
            expect(found(index, v)).toEqual(texts.filter((t) => v.includes(t)).sort());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('files several entries under one text, and finds texts added after a search', () => {
    const index = new Infixes<number>();
    index.add('abc', 1);
    index.add('abc', 2);
    index.add('bc', 3);
    const hits = (v: string) => {
      const lists: (readonly number[])[] = [];
      const n = index.find(v, lists);
      return [...new Set(lists.slice(0, n).flat())].sort();
    };
    expect(hits('xxabcx')).toEqual([1, 2, 3]);
    expect(hits('xbcx')).toEqual([3]);
    index.add('xb', 4);
    expect(hits('xbcx')).toEqual([3, 4]);
    expect(hits('')).toEqual([]);
  });
});
