// The plan's field getters (PlanContext, EventCache) answer "absent" without the full search
// when an event has no dotted key on the way; they must read exactly what the engine's own
// reader (fieldGetter) reads, whatever the event: keys with dots at any depth, lists of objects
// on the path, a text or null where an object was expected.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventCache, PlanContext } from '../../src/engine/plan/event-cache.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { fieldGetter } from '../../src/eql/fields.ts';

const PATHS = ['a', 'a.b', 'a.b.c', 'a.b.c.d', 'a.x', 'x.b.c', 'a.b.x', 'b.c'];

/** A key: a name, or several joined by dots (a flat spelling of a path below). */
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'x'),
  fc.constantFrom('a.b', 'b.c', 'c.d', 'a.b.c', 'b.c.d'),
);

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('v', 7, null, true),
    fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    fc.array(tie('tree'), { maxLength: 3 }),
  ),
}));

const doc = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<Doc>;

describe('the plan field getters', () => {
  it('read what fieldGetter reads, dotted keys and lists anywhere', () => {
    const cache = new EventCache();
    const ctx = new PlanContext(cache);
    const getters = PATHS.map((p) => [ctx.getter(p), fieldGetter(p)] as const);
    let found = 0;
    fc.assert(
      fc.property(doc, (d) => {
        cache.begin(d);
        for (const [planned, reference] of getters) {
          const v = reference(d);
          expect(planned(d)).toEqual(v);
          if (v !== undefined) found++;
        }
      }),
      { numRuns: 3000 },
    );
    // Not only absences.
    expect(found).toBeGreaterThan(1000);
  });

  it('find a dotted spelling at any depth on the way', () => {
    const cache = new EventCache();
    const ctx = new PlanContext(cache);
    const docs: Doc[] = [
      { a: { b: { 'c.d': 'deep' } } },
      { a: { 'b.c': { d: 'mid' } } },
      { a: { b: { c: 'v' }, 'b.c': 'also' } },
      { 'a.b': { c: { d: 'top' } }, a: { x: 1 } },
      { a: { b: { c: { d: undefined }, 'c.d': 'after undefined' } } },
      { a: { b: 'text', 'b.c.d': 'past a text' } },
    ];
    for (const d of docs) {
      cache.begin(d);
      for (const p of PATHS) expect(ctx.getter(p)(d)).toEqual(fieldGetter(p)(d));
    }
    cache.begin(docs[0]);
    expect(ctx.getter('a.b.c.d')(docs[0])).toBe('deep');
  });

  it('read nested events without dots as they are, present or not', () => {
    const cache = new EventCache();
    const ctx = new PlanContext(cache);
    const d: Doc = { a: { b: { c: 'v', n: null }, l: [{ c: 1 }, { c: 2 }] } };
    cache.begin(d);
    expect(ctx.getter('a.b.c')(d)).toBe('v');
    expect(ctx.getter('a.b.n')(d)).toBe(null);
    expect(ctx.getter('a.b.x')(d)).toBe(undefined);
    expect(ctx.getter('a.l.c')(d)).toEqual([1, 2]);
    expect(ctx.getter('a.b.c.d')(d)).toBe(undefined);
  });
});
