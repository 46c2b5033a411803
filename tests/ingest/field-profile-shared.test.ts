// Every file's profiler shares one tree of field paths and the walks' memos with the files read
// before it (and beside it). That sharing is a cache: a file's profile must be exactly the one
// a profiler gets alone in a fresh module, whatever other files came first or are read at the
// same time, including where a flat dotted key and a nested route reach one path (their values
// merge in the order this file met them). Documents are generated (synthetic).
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { FieldProfile } from '../../src/ingest/types.ts';

type Doc = Record<string, unknown>;
type Profiler = typeof import('../../src/ingest/profile.ts').FieldProfiler;

const key = fc.constantFrom('a', 'b', 'a.b', 'b.a', 'event', 'message', '__proto__');
const scalar = fc.oneof(fc.constantFrom('x', 'y', 'z', 'w', ''), fc.integer({ min: 0, max: 9 }));
const doc: fc.Arbitrary<Doc> = fc.letrec((tie) => ({
  obj: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 2 }), tie('obj')),
})).obj as fc.Arbitrary<Doc>;
const file = fc.array(fc.tuple(fc.constantFrom('k1', 'k2', ''), doc), { maxLength: 40 });

/** A FieldProfiler class from a module of its own: nothing shared with any other. */
async function freshProfiler(): Promise<Profiler> {
  vi.resetModules();
  return (await import('../../src/ingest/profile.ts')).FieldProfiler;
}

function run(P: Profiler, list: Array<[string, Doc]>): FieldProfile {
  const p = new P(2);
  for (const [kind, d] of list) p.add(d, kind);
  return p.result();
}

describe('FieldProfiler, the path tree shared between files', () => {
  it('profiles a file after others as it profiles the file alone', async () => {
    const shared = await freshProfiler();
    const samples = fc.sample(fc.tuple(file, file, file), { numRuns: 150, seed: 19 });
    for (const [a, b, c] of samples) {
      run(shared, a);
      run(shared, b);
      const after = run(shared, c);
      expect(after).toEqual(run(await freshProfiler(), c));
    }
  });

  it('profiles two files read at once as each alone', async () => {
    const shared = await freshProfiler();
    const samples = fc.sample(fc.tuple(file, file), { numRuns: 150, seed: 7 });
    for (const [a, b] of samples) {
      const pa = new shared(2);
      const pb = new shared(2);
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i < a.length) pa.add(a[i][1], a[i][0]);
        if (i < b.length) pb.add(b[i][1], b[i][0]);
      }
      const fresh = await freshProfiler();
      expect(pa.result()).toEqual(run(fresh, a));
      expect(pb.result()).toEqual(run(await freshProfiler(), b));
    }
  });

  it('merges a flat and a nested route in the order this file met them', async () => {
    const shared = await freshProfiler();
    // The first file meets the nested route first, the second the flat one.
    run(shared, [
      ['k', { a: { b: 'n1' } }],
      ['k', { 'a.b': 'f1' }],
    ]);
    const second: Array<[string, Doc]> = [
      ['k', { 'a.b': 'f2' }],
      ['k', { a: { b: 'n2' } }],
    ];
    const r = run(shared, second);
    expect(r.values['a.b']).toEqual(['f2', 'n2']);
    expect(r).toEqual(run(await freshProfiler(), second));
  });
});
