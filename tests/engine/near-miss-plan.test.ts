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
import type { Doc } from '../../src/eql/compiled.ts';
import { EventCache } from '../../src/engine/plan/event-cache.ts';
import { HeldMemo } from '../../src/engine/plan/held-memo.ts';
import { ValueIds } from '../../src/engine/plan/value-ids.ts';
import { literals, loadSpecs, plantedEvents, RULES } from './real-rules.ts';

function nearMiss(specs: readonly QuerySpec[], docs: readonly Doc[], dispatch: boolean) {
  const collector = new Collector(specs, { keepDocs: false, dispatch });
  // Two drains: counts start afresh after each.
  const half = docs.length >> 1;
  docs.forEach((doc, record) => {
    collector.add(doc, { file: 0, record });
    if (record === half) collector.drain();
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
});

describe('HeldMemo', () => {
  const units = ['a', 'b', 'c'];
  const holds = (u: string, doc: Doc) => {
    const v = doc.v;
    return (typeof v === 'string' && v.includes(u)) || (Array.isArray(v) && v.includes(u));
  };
  const naive = (doc: Doc) => units.filter((u) => holds(u, doc));
  /** A memo over `fields`, and how to offer it an event (as NearMissPlan does). */
  function memoOf<U>(fields: string[], of: U[], test: (u: U, doc: Doc) => boolean) {
    const cache = new EventCache();
    const values = new ValueIds(cache);
    const memo = new HeldMemo(
      fields.map((f) => values.reader((doc) => doc[f])),
      values,
      of,
      test,
    );
    return (doc: Doc) => {
      cache.begin(doc);
      return memo.held(doc);
    };
  }

  it('answers as the evaluation does, values repeated or not, past the point it turns off', () => {
    const held = memoOf(['v'], units, holds);
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
    for (const v of [...values, ...values.slice(0, 20)]) {
      const doc = { v } as Doc;
      expect(held(doc)).toEqual(naive(doc));
    }
  });

  it('keys a pair of fields', () => {
    const both = (u: string, doc: Doc) => doc.x === u && doc.y !== u;
    const held = memoOf(['x', 'y'], units, both);
    for (const [x, y] of [
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'a'],
      ['a', 'a'],
      ['a', undefined],
      ['a', null],
    ])
      expect(held({ x, y } as Doc)).toEqual(units.filter((u) => both(u, { x, y } as Doc)));
  });

  it('keys a tuple of fields, absent apart from null', () => {
    const holdsPair = (u: string, doc: Doc) => (u === 'a' ? doc.x === undefined : doc.x === null);
    const held = memoOf(['x', 'y', 'z'], ['a', 'b'], holdsPair);
    for (const doc of [{ y: 's' }, { x: null, y: 's' }, { y: 's' }, { x: null, y: 's' }] as Doc[])
      expect(held(doc)).toEqual(['a', 'b'].filter((u) => holdsPair(u, doc)));
  });
});
