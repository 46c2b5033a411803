// The near-miss count reads its fields by one walk of the event (FieldWalk): every value it
// gives must be the one the plan's getter of the same path gives (and so the field getter's),
// whatever the event's shape: dotted keys at any level, lists on the way, a text where an
// object was expected, own keys holding undefined, names Object.prototype also has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { fieldGetter } from '../../src/eql/fields.ts';
import { EventCache, PlanContext } from '../../src/engine/plan/event-cache.ts';
import { FieldWalk } from '../../src/engine/plan/field-walk.ts';

const PATHS = [
  'a',
  'a.b',
  'a.b.c',
  'a.b.d',
  'a.c',
  'b.c',
  'b',
  'a.constructor',
  'constructor.a',
  'c.a.b.d',
  'toString',
];
const KEYS = ['a', 'b', 'c', 'd', 'a.b', 'b.c', 'a.b.c', 'c.a', 'constructor', 'toString'];

const leaf = fc.oneof(
  fc.constantFrom('x', 'y', '', 0, 7, true, null, undefined),
  fc.constant([]),
  fc.constant(['x', null]),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
}));
const doc = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }) as fc.Arbitrary<Doc>;

/** Every path's value as the walk puts it (a path it puts twice, or never, fails). */
function walked(walk: FieldWalk, cache: EventCache, d: Doc): unknown[] {
  cache.begin(d);
  const out: unknown[] = [];
  const put = new Set<number>();
  walk.read(d, (slot, v) => {
    expect(put.has(slot)).toBe(false);
    put.add(slot);
    out[slot] = v;
  });
  expect(put.size).toBe(PATHS.length);
  return out;
}

describe('FieldWalk', () => {
  const cache = new EventCache();
  const ctx = new PlanContext(cache);
  const walk = new FieldWalk(
    PATHS.map((path, slot) => ({ path, slot })),
    cache,
    (path) => ctx.getter(path),
  );
  const getters = PATHS.map((p) => ctx.getter(p));
  const plain = PATHS.map(fieldGetter);

  it('reads what the getters read, for events of every shape', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const got = walked(walk, cache, d);
        // The getters after the walk, afresh (lists they gather are new ones: equal, not the same).
        cache.begin(d);
        PATHS.forEach((_, slot) => {
          expect(got[slot]).toStrictEqual(getters[slot](d));
          expect(got[slot]).toStrictEqual(plain[slot](d));
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('finds what a dotted key spells, at the top and inside an object', () => {
    const d = {
      'a.b': { c: 'top' },
      a: { 'b.d': 'inner', c: ['l'] },
      'b.c': 5,
      constructor: { a: 'own' },
    } as unknown as Doc;
    const got = walked(walk, cache, d);
    expect(got[PATHS.indexOf('a.b.c')]).toBe('top');
    expect(got[PATHS.indexOf('a.b.d')]).toBe('inner');
    expect(got[PATHS.indexOf('b.c')]).toBe(5);
    expect(got[PATHS.indexOf('a.c')]).toEqual(['l']);
    expect(got[PATHS.indexOf('constructor.a')]).toBe('own');
    expect(got[PATHS.indexOf('a.constructor')]).toBeUndefined();
    expect(got[PATHS.indexOf('toString')]).toBeUndefined();
  });

  it('flattens lists of objects on the way, as the getters do', () => {
    const d = { a: [{ b: { c: 'p' } }, { b: { c: 'q' } }], c: { a: { b: [{ d: 1 }, { d: 2 }] } } };
    const got = walked(walk, cache, d as unknown as Doc);
    expect(got[PATHS.indexOf('a.b.c')]).toEqual(['p', 'q']);
    expect(got[PATHS.indexOf('c.a.b.d')]).toEqual([1, 2]);
  });
});
