// The unsafe-integer scan jumps over strings by searching for their closing quote: a quote
// after an odd run of backslashes is escaped, after an even run it closes the string. Digits
// inside a string are never quoted, digits after it always are.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJsonExact } from '../../src/case/json-text.ts';

const BIG = 9007199254740993n; // 2^53 + 1

describe('parseJsonExact and strings', () => {
  test('an escaped backslash closes the string, an escaped quote does not', () => {
    const text = String.raw`{"a":"x\\","n":9007199254740993,"b":"\\\",\"m\":9007199254740993"}`;
    expect(parseJsonExact(text)).toEqual({
      a: 'x\\',
      n: '9007199254740993',
      b: String.raw`\","m":9007199254740993`,
    });
  });

  test('a number after any JSON blank is found, digits right after a quote are text', () => {
    expect(parseJsonExact('{"a" :\t 9007199254740993,"b":[1,\r\n -9007199254740993]}')).toEqual({
      a: '9007199254740993',
      b: [1, '-9007199254740993'],
    });
    expect(parseJsonExact(' 9007199254740993')).toBe('9007199254740993');
    expect(parseJsonExact('{"k":"0x8000000000000000","w":"-9223372036854775808"}')).toEqual({
      k: '0x8000000000000000',
      w: '-9223372036854775808',
    });
  });

  test('any string, then an unsafe integer: the string is read as it is, the integer as text', () => {
    const piece = fc.constantFrom('\\', '"', ':', ',', '[', '1', '9007199254740993', 'a', ' ');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.bigInt({ min: BIG, max: 2n ** 70n }),
        (parts, n) => {
          const s = parts.join('');
          const text = `{"s":${JSON.stringify(s)},"n":${n},"t":[${JSON.stringify(s)},-${n}]}`;
          expect(parseJsonExact(text)).toEqual({ s, n: String(n), t: [s, `-${n}`] });
        },
      ),
    );
  });

  // The scan looks only at every 16th character for a run of digits: runs of any length, at
  // any offset, in strings, fractions and exponents or as integers, must all be told apart.
  test('digit runs at any offset: only unsafe integers outside strings become text', () => {
    const digits = fc.stringMatching(/^[0-9]{1,24}$/);
    const item = fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => ({ text: String(n) })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => ({ text: JSON.stringify(d) })),
      fc
        .array(fc.oneof(digits, fc.constantFrom('"', '\\', ':', '-', '.', 'e', ' ')), {
          maxLength: 6,
        })
        .map((parts) => ({ text: JSON.stringify(parts.join('')) })),
      fc
        .tuple(digits, digits)
        .map(([a, b]) => ({ text: `${a.replace(/^0+(?=.)/, '')}.${b}e-${b.length}` })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(item, fc.constantFrom('', ' ', '\n  ')), { maxLength: 8 }),
        (items) => {
          const text = `[${items.map(([it, ws]) => ws + it.text).join(',')}]`;
          // An integer literal (a bigint, or a double JSON prints without fraction or exponent)
          // beyond ±2^53 is its text; anything else is what JSON.parse reads.
          const unsafe = (t: string) =>
            /^-?\d+$/.test(t) && (BigInt(t) >= BIG || BigInt(t) <= -BIG);
          const expected = items.map(([it]) => (unsafe(it.text) ? it.text : JSON.parse(it.text)));
          expect(parseJsonExact(text)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
