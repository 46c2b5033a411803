// EventData objects from the collector are what assigning the values one by one to `{}` gives:
// the same keys in the same order with the same values, whatever names and repeats a record has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataCollector } from '../../src/ingest/shapes/data-object.ts';

function assigned(pairs: Array<[string, string]>): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of pairs) o[k] = v;
  return o;
}

describe('DataCollector', () => {
  const name = fc.oneof(
    fc.constantFrom('Image', 'ProcessId', 'UtcTime', '__proto__', 'constructor', '0', '17', 'a.b'),
    fc.string({ maxLength: 6 }),
  );
  const pairs = fc.array(fc.tuple(name, fc.string({ maxLength: 4 })), { maxLength: 40 });

  it('gives the object that assigning each value in turn gives, key order included', () => {
    const c = new DataCollector();
    // Several records in a row, so that templates left by earlier lists of names are reused.
    fc.assert(
      fc.property(fc.array(pairs, { minLength: 1, maxLength: 6 }), (records) => {
        for (const rec of [...records, ...records]) {
          for (const [k, v] of rec) c.add(k, v);
          const got = c.take();
          const want = assigned(rec);
          expect(Object.keys(got)).toEqual(Object.keys(want));
          expect(got).toEqual(want);
          expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives each record its own object, and forgets what a failed reader left after reset', () => {
    const c = new DataCollector();
    const names = Array.from({ length: 30 }, (_, i) => `Field${i}`);
    for (const k of names) c.add(k, 'one');
    const first = c.take();
    for (const k of names) c.add(k, 'two');
    const second = c.take();
    expect(first.Field29).toBe('one');
    expect(second.Field29).toBe('two');
    c.add('Stale', 'x');
    c.reset();
    c.add('Image', 'a.exe');
    expect(c.take()).toEqual({ Image: 'a.exe' });
  });
});
