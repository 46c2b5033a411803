// indexOfByte against a naive byte loop: random contents, needles, starts and views placed at
// every alignment inside a larger buffer whose bytes outside the view hold the needle too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfByte } from '../../src/ingest/byte-search.ts';

function naive(b: Uint8Array, byte: number, from: number): number {
  for (let i = Math.max(0, from); i < b.length; i++) if (b[i] === byte) return i;
  return -1;
}

// Few distinct values so that needles are found; 0x00, 0x80 and 0xff test the sign bits.
const byteValue = fc.constantFrom(0x0a, 0x22, 0x3c, 0x00, 0x80, 0xff, 0x7f, 0x01);
// Mostly filler, so that needles lie far apart as well as close together.
const sparse = fc.oneof(
  { arbitrary: fc.nat(255), weight: 150 },
  { arbitrary: byteValue, weight: 1 },
);

/** A view of `bytes` at byte offset `shift` in a buffer padded with `pad` on both sides. */
function viewAt(bytes: number[], shift: number, pad: number): Uint8Array {
  const whole = new Uint8Array(shift + bytes.length + 8).fill(pad);
  whole.set(bytes, shift);
  return whole.subarray(shift, shift + bytes.length);
}

describe('indexOfByte', () => {
  it('agrees with a byte loop on random views, needles and starts', () => {
    fc.assert(
      fc.property(
        fc.array(sparse, { maxLength: 600, size: 'max' }),
        byteValue,
        fc.nat(7),
        fc.oneof(fc.nat(70), fc.nat(610)),
        (bytes, needle, shift, from) => {
          const b = viewAt(bytes, shift, needle);
          expect(indexOfByte(b, needle, from)).toBe(naive(b, needle, from));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds a lone byte anywhere in long runs of other bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(7),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        byteValue,
        (length, shift, at, start, needle) => {
          const bytes = new Array<number>(length).fill(needle ^ 0x0b);
          const where = Math.floor(at * length);
          bytes[where] = needle;
          const b = viewAt(bytes, shift, needle);
          const from = Math.floor(start * (length + 1));
          expect(indexOfByte(b, needle, from)).toBe(where >= from ? where : -1);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('handles no match, the first and last byte, tiny and empty arrays', () => {
    for (let length = 0; length <= 80; length++)
      for (let shift = 0; shift < 4; shift++) {
        const none = viewAt(new Array<number>(length).fill(0x41), shift, 0x0a);
        expect(indexOfByte(none, 0x0a, 0)).toBe(-1);
        if (length === 0) continue;
        for (const where of [0, length - 1]) {
          const bytes = new Array<number>(length).fill(0x41);
          bytes[where] = 0x0a;
          const b = viewAt(bytes, shift, 0x0a);
          expect(indexOfByte(b, 0x0a, 0)).toBe(where);
          expect(indexOfByte(b, 0x0a, where)).toBe(where);
          expect(indexOfByte(b, 0x0a, where + 1)).toBe(-1);
        }
      }
  });

  it('gives what the built-in indexOf gives on Node Buffers and plain arrays alike', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400, size: 'max' }),
        fc.nat(255),
        fc.nat(400),
        (u, n, from) => {
          const expected = naive(u, n, from);
          expect(indexOfByte(u, n, from)).toBe(expected);
          expect(indexOfByte(Buffer.from(u), n, from)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
