// The linear-time matchers agree with a backtracking oracle (JavaScript's RegExp, safe on
// these small inputs) and stay fast on patterns that make backtracking engines explode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexMatcher } from '../../src/eql/regex.ts';
import { wildcardMatcher } from '../../src/eql/wildcard.ts';

const alphabet = fc.constantFrom('a', 'b', 'A', '\\', '.');
const text = fc.array(alphabet, { maxLength: 12 }).map((a) => a.join(''));

function wildcardOracle(pattern: string): RegExp {
  const body = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

describe('wildcard matcher', () => {
  it('agrees with an anchored glob regex', () => {
    const pattern = fc
      .array(fc.constantFrom('a', 'b', '\\', '.', '*', '?'), { maxLength: 8 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(pattern, text, (p, s) => {
        expect(wildcardMatcher(p)(s), `${p} vs ${s}`).toBe(wildcardOracle(p).test(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('stays linear on star-heavy patterns', () => {
    const m = wildcardMatcher('*a*a*a*a*a*a*a*a*a*a*b');
    const started = performance.now();
    expect(m('a'.repeat(200_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

// Patterns from a grammar both engines read the same way (Lucene and JS agree on these).
const { re } = fc.letrec<{ re: string }>((tie) => ({
  re: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\.', '\\d', 'A'),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => x + y),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `(${x}|${y})`),
    tie('re').map((x) => `(${x})*`),
    tie('re').map((x) => `(${x})+`),
    tie('re').map((x) => `(${x})?`),
    fc
      .tuple(tie('re'), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }))
      .map(([x, a, b]) => `(${x}){${Math.min(a, b)},${Math.max(a, b)}}`),
  ),
}));

// Short inputs keep the backtracking oracle itself from blowing up on nested stars.
const shortText = fc.array(alphabet, { maxLength: 6 }).map((a) => a.join(''));

describe('Lucene regex matcher', () => {
  it('agrees with an anchored JavaScript regex on shared syntax', () => {
    fc.assert(
      fc.property(re, shortText, fc.boolean(), (p, s, fold) => {
        const oracle = new RegExp(`^(?:${p})$`, fold ? 'si' : 's');
        expect(regexMatcher(p, fold)(s), `${p} vs ${s}`).toBe(oracle.test(s));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['(a+)+b', 'a'.repeat(100_000)],
    ['(a|aa)*c', 'a'.repeat(100_000)],
    ['(.*a){20}', 'a'.repeat(20_000) + 'b'],
    ['(x+x+)+y', 'x'.repeat(50_000)],
  ])('runs %s in linear time', (pattern, input) => {
    const m = regexMatcher(pattern);
    const started = performance.now();
    m(input);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads Lucene quoting, @ and #, refuses ~ & <, and anchors the whole value', () => {
    expect(regexMatcher('a\\&b')('a&b')).toBe(true);
    expect(regexMatcher('\\<1-5\\>')('<1-5>')).toBe(true);
    expect(regexMatcher('a"*+"b')('a*+b')).toBe(true);
    expect(regexMatcher('a@')('abc')).toBe(true);
    expect(regexMatcher('a|#')('')).toBe(false);
    expect(regexMatcher('[~&<]+')('~&<')).toBe(true);
    for (const bad of ['a~b', '.*(;|&&).*', '.*<script>.*', 'a"b'])
      expect(() => regexMatcher(bad), bad).toThrow(/not supported|unterminated/);
    expect(regexMatcher('^a$')('a')).toBe(false);
    expect(regexMatcher('b')('abc')).toBe(false);
    expect(regexMatcher('\\w+\\s\\S')('ab_1 x')).toBe(true);
    expect(regexMatcher('[\\d]{3}')('123')).toBe(true);
    expect(regexMatcher('.')('😀')).toBe(true);
    expect(regexMatcher('.*(?i)abc')('x?iabc')).toBe(true);
    expect(regexMatcher('.*(?i)abc')('xABC')).toBe(false);
    expect(regexMatcher('*a')('*a')).toBe(true);
  });

  it('refuses malformed patterns with a position', () => {
    for (const bad of ['a(', 'a)', '[ab', 'a{2,1}', 'a\\']) {
      expect(() => regexMatcher(bad), bad).toThrow(/position|lone|max below|repeat/);
    }
  });
});
