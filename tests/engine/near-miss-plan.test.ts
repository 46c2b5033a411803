// Near-miss counts through the rule-set plan (NearMissPlan: shared conjuncts, dispatch keys,
// values remembered) against the naive count (`dispatch: false`: every conjunct of every stage
// of the event's category run on it), on Elastic's real rules and events planted with their
// strings, plus values of every awkward shape: numbers where strings are keyed, nulls, mixed
// and nested lists, categories listed twice or in other case.
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearMissConjuncts } from '../../src/cli/scan-explain.ts';
import { Collector, type QuerySpec } from '../../src/engine/index.ts';
import { nearMissQueries } from '../../src/engine/collector.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { EventCache } from '../../src/engine/plan/event-cache.ts';
import { HeldMemo, MEMO_SIZE } from '../../src/engine/plan/held-memo.ts';
import { NearMissPlan } from '../../src/engine/plan/near-miss-plan.ts';
import { ValueIds } from '../../src/engine/plan/value-ids.ts';
import { literals, loadSpecs, plantedEvents, RULES } from './real-rules.ts';

function nearMiss(
  specs: readonly QuerySpec[],
  docs: readonly Doc[],
  dispatch: boolean,
  twice = true,
) {
  const collector = new Collector(specs, { keepDocs: false, dispatch });
  // Two drains: counts start afresh after each.
  const half = docs.length >> 1;
  docs.forEach((doc, record) => {
    collector.add(doc, { file: 0, record });
    if (twice && record === half) collector.drain();
  });
  return collector.drain().counts.map((c) => c.nearMiss);
}

/** Awkward shapes written over some events' fields. */
function awkward(docs: Doc[]): Doc[] {
  const shapes: ((v: unknown) => unknown)[] = [
    () => 4,
    () => null,
    () => [],
    (v) => [v, 7],
    (v) => [[v], null],
    (v) => (typeof v === 'string' ? v.toUpperCase() : v),
  ];
  return docs.map((doc, i) => {
    if (i % 3 !== 0) return doc;
    const copy = structuredClone(doc) as Record<string, Record<string, unknown>>;
    const shape = shapes[(i / 3) % shapes.length];
    if (copy.process) copy.process.name = shape(copy.process.name);
    if (copy.event && i % 2 === 0) copy.event.type = shape(copy.event.type);
    // Other ways to the same fields: dotted keys at the top and inside, a list of objects on
    // the way, a text where an object was.
    if (copy.process && i % 4 === 0) {
      const parent = copy.process.parent;
      delete copy.process.parent;
      if (i % 8 === 0) (copy as Record<string, unknown>)['process.parent'] = parent;
      else copy.process['parent.name'] = (parent as Record<string, unknown> | undefined)?.name;
    }
    if (copy.process && i % 5 === 0) copy.process.code_signature = 'text';
    if (copy.process && i % 7 === 0)
      (copy as Record<string, unknown>).process = [copy.process, { name: 'other.exe' }];
    if (copy.event && i % 5 === 0) {
      const c = copy.event.category;
      copy.event.category = Array.isArray(c) ? [...c, ...c.map((x) => String(x).toUpperCase())] : c;
    }
    return copy;
  });
}

describe.skipIf(!existsSync(RULES))('near-miss counts through the plan', () => {
  let specs: QuerySpec[] = [];
  let docs: Doc[] = [];

  beforeAll(() => {
    specs = loadSpecs().map((s) => ({ ...s, nearMiss: nearMissConjuncts(s.query) }));
    docs = awkward(plantedEvents(literals(specs), 600));
  });

  it('equal the naive count for every rule set, all rules at once included', () => {
    fc.assert(
      fc.property(fc.subarray(specs, { minLength: 1, maxLength: 100 }), (subset) => {
        expect(nearMiss(subset, docs, true)).toEqual(nearMiss(subset, docs, false));
      }),
      { numRuns: 4 },
    );
    const planned = nearMiss(specs, docs, true);
    expect(planned).toEqual(nearMiss(specs, docs, false));
    // Not a comparison of zeros: conjuncts held, and conjuncts failed, many times.
    const cells = planned.flatMap((q) => q ?? []).flatMap((s) => s.slice(1).map((n) => [n, s[0]]));
    expect(cells.filter(([n]) => n > 0).length).toBeGreaterThan(1000);
    expect(cells.filter(([n, of]) => n > 0 && n < of).length).toBeGreaterThan(500);
  }, 300_000);

  it('equal the naive count with the plan reading its events itself, in batches', () => {
    const plan = new NearMissPlan(nearMissQueries(specs));
    // Taken amid a batch, and again over more events than a batch holds.
    const part = 100;
    docs.slice(0, part).forEach((doc) => plan.add(doc));
    expect(plan.take()).toEqual(nearMiss(specs, docs.slice(0, part), false, false));
    docs.slice(part).forEach((doc) => plan.add(doc));
    expect(plan.take()).toEqual(nearMiss(specs, docs.slice(part), false, false));
  }, 300_000);

  it('equal the naive count when the value numbers start afresh every few events', () => {
    const plan = new NearMissPlan(nearMissQueries(specs), { maxValueIds: 300 });
    const half = docs.length >> 1;
    const first = docs.slice(0, half + 1);
    first.forEach((doc) => plan.add(doc));
    expect(plan.take()).toEqual(nearMiss(specs, first, false, false));
    docs.slice(half + 1).forEach((doc) => plan.add(doc));
    expect(plan.take()).toEqual(nearMiss(specs, docs.slice(half + 1), false, false));
  }, 300_000);
});

describe('HeldMemo', () => {
  const units = ['a', 'b', 'c'];
  const holds = (u: string, doc: Doc) => {
    const v = doc.v;
    return (typeof v === 'string' && v.includes(u)) || (Array.isArray(v) && v.includes(u));
  };
  /**
   * A memo over `fields` and how to offer it an event (as NearMissPlan does), with the counts it
   * credited and the counts of evaluating every event, to compare once flushed.
   */
  function memoOf<U>(
    fields: string[],
    of: U[],
    test: (u: U, doc: Doc) => boolean,
    maxIds?: number,
  ) {
    const cache = new EventCache();
    const values = new ValueIds(cache, maxIds);
    const credited = new Map<U, number>();
    const naive = new Map<U, number>();
    const readers = fields.map((f) => values.reader((doc) => doc[f]));
    // The event's numbers at slots other than 0, 1, 2…, as the plan lays them out.
    const slots = fields.map((_, i) => 2 * i + 1);
    const ids = new Int32Array(2 * fields.length + 1);
    const memo = new HeldMemo(
      slots,
      values,
      (doc) => of.filter((u) => test(u, doc)),
      (u, n) => credited.set(u, (credited.get(u) ?? 0) + n),
    );
    const add = (doc: Doc) => {
      cache.begin(doc);
      readers.forEach((read, i) => (ids[slots[i]] = read(doc)));
      memo.add(ids, 1, [doc]);
      for (const u of of) if (test(u, doc)) naive.set(u, (naive.get(u) ?? 0) + 1);
    };
    /** Flushes, and expects what it credited to be the naive count. */
    const same = () => {
      memo.flush();
      expect(credited).toEqual(naive);
    };
    return { memo, add, same, credited };
  }

  it('credits what evaluating each event gives, flushed anywhere, past the point it turns off', () => {
    const { memo, add, same, credited } = memoOf(['v'], units, holds);
    const values: unknown[] = [
      'abc',
      ['abc'],
      'b',
      undefined,
      null,
      ['a', null],
      ['c'],
      3,
      { a: 1 },
      '',
    ];
    for (let i = 0; i < 10_000; i++) values.push(`x${i % 7 === 0 ? 'a' : ''}${i}`);
    const all = [...values, ...values.slice(0, 20), ...values.slice(0, 20)];
    all.forEach((v, i) => {
      add({ v } as Doc);
      if (i % 997 === 0) same();
    });
    same();
    // Not a comparison of zeros, and the unique values turned it off.
    expect(credited.get('a')).toBeGreaterThan(1000);
    expect(memo.off).toBe(true);
  });

  it('stays on, and defers its counts, where values repeat', () => {
    const { memo, add, same, credited } = memoOf(['v'], units, holds);
    for (let i = 0; i < 20_000; i++) add({ v: ['ab', 'bc', 'x', 3][i % 4] } as Doc);
    // Only the number (not remembered) was credited at once.
    expect(credited.size).toBe(0);
    same();
    expect(credited.get('b')).toBe(10_000);
    // Past MEMO_SIZE tuples, it starts afresh but stays on while most events were hits.
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 1500; i++) add({ v: `v${i}${'abc'[i % 3]}` } as Doc);
    for (let i = 0; i < 3000; i++) add({ v: `w${i}${'abc'[i % 3]}` } as Doc);
    same();
    expect(MEMO_SIZE).toBeLessThan(1500 + 3000);
    expect(memo.off).toBe(false);
    // Flushed counts are not credited twice.
    add({ v: 'c' } as Doc);
    same();
  });

  it('credits right across the value numbers starting afresh, mid-way through events', () => {
    // Three fields, few numbers: the numbers start afresh every few events, often while an
    // event is read, and the same numbers then stand for other values.
    const fields = ['x', 'y', 'z'];
    const test = (u: string, doc: Doc) => doc.x === u || doc.y === `${u}${doc.z as string}`;
    const { add, same, credited } = memoOf(fields, units, test, 8);
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const pick = () => ['a', 'b', 'c', 'd', 'e', 'a1', 'b2', 'c3'][next(8)];
    for (let i = 0; i < 20_000; i++) {
      add({ x: pick(), y: pick(), z: String(next(4)) } as Doc);
      if (i % 1999 === 0) same();
    }

    same();
    for (const u of units) expect(credited.get(u)).toBeGreaterThan(2000);
  });

  it('never keys on numbers of two generations in one event', () => {
    // Two numbers a generation: `p` is numbered, then `s` would start the numbers afresh in
    // the middle of the second event if they could, and `s` would get the number `p` had.
    const { add, same, credited } = memoOf(['x', 'y'], ['p', 's'], (u, doc) => doc.x === u, 4);
    for (const doc of [
      { x: 'p', y: 'q' },
      { x: 'p', y: 's' },
      { x: 's', y: 's' },
    ] as Doc[])
      add(doc);
    same();
    expect(credited).toEqual(
      new Map([
        ['p', 2],
        ['s', 1],
      ]),
    );
  });

  it('keys a pair of fields', () => {
    const both = (u: string, doc: Doc) => doc.x === u && doc.y !== u;
    const { add, same } = memoOf(['x', 'y'], units, both);
    for (const [x, y] of [
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'a'],
      ['a', 'a'],
      ['a', undefined],
      ['a', null],
      ['b', 'a'],
    ])
      add({ x, y } as Doc);
    same();
  });

  it('keys a tuple of fields, absent apart from null', () => {
    const holdsPair = (u: string, doc: Doc) => (u === 'a' ? doc.x === undefined : doc.x === null);
    const { add, same } = memoOf(['x', 'y', 'z'], ['a', 'b'], holdsPair);
    for (const doc of [{ y: 's' }, { x: null, y: 's' }, { y: 's' }, { x: null, y: 's' }] as Doc[])
      add(doc);
    same();
  });
});
