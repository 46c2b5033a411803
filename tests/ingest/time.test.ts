import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../../src/ingest/index.ts';

describe('parseTime', () => {
  it('reads ISO, python-evtx (space, no zone, µs) and .NET 7-digit forms as the same UTC instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1601, 0, 1), max: Date.UTC(2400, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseTime(iso)).toBe(ms);
        expect(parseTime(iso.replace('T', ' ').replace('Z', ''))).toBe(ms);
        expect(parseTime(iso.replace('Z', '0000Z'))).toBe(ms);
        expect(parseTime(iso.replace('Z', '0000+00:00'))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('applies zone offsets and reads /Date(ms)/ and epoch seconds', () => {
    expect(parseTime('2020-09-20T17:09:08.008-04:00')).toBe(Date.UTC(2020, 8, 20, 21, 9, 8, 8));
    expect(parseTime('/Date(1600636148008)/')).toBe(1600636148008);
    expect(parseTime(1600636148.008)).toBe(1600636148008);
    expect(parseTime('2019-05-16 01:38:19.630865')).toBe(Date.UTC(2019, 4, 16, 1, 38, 19, 630));
  });

  it('gives null for what is not a time', () => {
    for (const v of [
      '',
      'yesterday',
      '2020-13-45 99:00:00',
      null,
      undefined,
      {},
      NaN,
      116444736000000000,
    ])
      expect(parseTime(v)).toBeNull();
  });
});
