// TextSet turns texts away by their length before hashing them, and `:` / `in~` ask it
// before lower-casing a value. Lower case keeps every UTF-16 length but that of `İ` (U+0130,
// `i̇` in lower case): a value with it must still find its lower-cased text in the set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/eql/index.ts';
import { TextSet } from '../../src/eql/text-set.ts';

const text = fc
  .array(fc.constantFrom('a', 'B', 'İ', 'i', '\u0307', 'Σ', 'x', '.'), { maxLength: 6 })
  .map((chars) => chars.join(''));

describe('TextSet', () => {
  it('answers as a Set, and never turns away a text whose lower case it holds', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), text, (members, probe) => {
        const set = new TextSet();
        const plain = new Set<string>();
        for (const m of members) {
          set.add(m.toLowerCase());
          plain.add(m.toLowerCase());
        }
        expect(set.has(probe)).toBe(plain.has(probe));
        if (plain.has(probe.toLowerCase())) expect(set.mayHaveLower(probe)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps texts of any length, long ones included', () => {
    const set = new TextSet();
    const long = 'x'.repeat(300);
    set.add(long);
    expect(set.has(long)).toBe(true);
    expect(set.has('y'.repeat(300))).toBe(false);
    expect(set.has('x')).toBe(false);
  });
});

describe('`:` and `in~` on a value whose lower case is longer', () => {
  const holds = (condition: string, doc: Record<string, unknown>) =>
    compile(`any where ${condition}`).stages[0].test(doc);

  it('matches İ against its lower case, as before the length check', () => {
    expect(holds('x : "i̇x"', { x: 'İX' })).toBe(true);
    expect(holds('x : ("i̇x", "abc")', { x: ['q', 'İx'] })).toBe(true);
    expect(holds('x in~ ("i̇x", "abc")', { x: 'İx' })).toBe(true);
    expect(holds('x : "ix"', { x: 'İx' })).toBe(false);
    expect(holds('x in~ ("ab", "abc")', { x: 'ABCD' })).toBe(false);
  });
});
