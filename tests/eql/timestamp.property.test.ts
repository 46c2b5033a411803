// toEpochMillis reads the common `YYYY-MM-DDTHH:MM:SS(.fff)Z` in place (plainUtc); the
// reference is the regular-expression parse it always used and falls back to (parseText).
// Both must agree on every text: valid and invalid dates, leap days, hour 24, fractions of
// any length, zones, noise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText as reference, plainUtc, toEpochMillis } from '../../src/eql/timestamp.ts';

const digits = (n: number, max: number) =>
  fc.integer({ min: 0, max }).map((x) => String(x).padStart(n, '0'));

/** Texts near the fast path's shape: each part may be off range, missing or replaced. */
const nearIso = fc
  .record({
    year: fc.oneof(digits(4, 9999), fc.constantFrom('1970', '2000', '2024', '2100', '1969')),
    month: digits(2, 13),
    day: digits(2, 32),
    sep: fc.constantFrom('T', 'T', 't', ' ', '_'),
    hour: digits(2, 25),
    minute: digits(2, 61),
    second: fc.oneof(digits(2, 61), fc.constant('')),
    fraction: fc.oneof(
      fc.constant(''),
      fc.stringMatching(/^[.,][0-9]{0,9}$/),
      fc.constantFrom('.', '.x1'),
    ),
    zone: fc.constantFrom('Z', 'z', '', ' Z', '+02:00', '-0530', 'ZZ', 'Zx', ' '),
  })
  .map(
    (p) =>
      `${p.year}-${p.month}-${p.day}${p.sep}${p.hour}:${p.minute}${p.second ? ':' + p.second : ''}${p.fraction}${p.zone}`,
  );

describe('toEpochMillis, the in-place ISO reading', () => {
  it('agrees with the regular-expression parse on texts near its shape', () => {
    fc.assert(
      fc.property(nearIso, (s) => {
        expect(toEpochMillis(s)).toBe(reference(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on any text and on the edges of the calendar', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        expect(toEpochMillis(s)).toBe(reference(s));
      }),
      { numRuns: 5_000 },
    );
    for (const s of [
      '2024-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T00:00:00.5Z',
      '2024-04-31T10:00:00Z',
      '2024-12-31T23:59:59.999999Z',
      '2024-01-01T24:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00Z',
      '0099-01-01T00:00:00Z',
    ])
      expect(toEpochMillis(s), s).toBe(reference(s));
  });

  it('takes the in-place way for the common text, and leaves the rest to the parse', () => {
    expect(plainUtc('2024-05-01T10:00:00.1234567Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(plainUtc('2024-05-01T10:00:00.12')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 120));
    expect(plainUtc('2024-05-01T10:00:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(plainUtc('2024-05-01T12:00:00+02:00')).toBe(-1);
    expect(plainUtc('2024-02-30T00:00:00Z')).toBe(-1);
    expect(plainUtc('2024-05-01 10:00:00')).toBe(-1);
  });
});
