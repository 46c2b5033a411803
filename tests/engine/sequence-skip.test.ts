// The correlator skips a sequence's later-stage candidates whose key no first-stage candidate
// has, without making them. Random candidates (several keys, until events, maxspan sweeps,
// missing-event stages, candidates of two hits or two keys, ties) must give exactly what the
// matcher gives when it reads every candidate, and the same stage statistics.
import { describe, expect, it } from 'vitest';
import { Correlator } from '../../src/engine/correlator.ts';
import { evidenceOf } from '../../src/engine/evidence.ts';
import { compareOrdinal } from '../../src/engine/ordinal.ts';
import { matchSequences } from '../../src/engine/sequence-matcher.ts';
import type { Candidate, QuerySpec } from '../../src/engine/types.ts';
import { query, type QueryShape } from './build.ts';

function randomCandidates(seed: number, n: number, stages: number, keys: number): Candidate[] {
  // mulberry32: small and exact in 32-bit integer arithmetic.
  const rand = (k: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % k;
  };
  // Keys of the later stages reach further than the first stage's: many never start.
  const key = (stage: number) => `["k${rand(stage === 0 ? keys : keys * 2)}"]`;
  return Array.from({ length: n }, (_, record): Candidate => {
    const stage = rand(stages + 1) - 1;
    const roll = rand(20);
    const hits =
      roll === 0
        ? [
            { stage: 0, keys: [key(0)] },
            { stage: stages - 1, keys: [key(0)] },
          ]
        : roll === 1
          ? [{ stage, keys: [key(stage), key(stage)] }]
          : [{ stage, keys: [key(stage)] }];
    return { ts: rand(n / 4), tb: null, file: rand(2), record, hits };
  });
}

function viaCorrelator(spec: QuerySpec, list: Candidate[]) {
  const correlator = new Correlator([spec]);
  const stages = spec.query.stages.length;
  // Two batches, the later half first: the correlator must not rely on arrival order.
  for (const part of [list.slice(list.length / 2), list.slice(0, list.length / 2)])
    correlator.add({
      candidates: [part],
      counts: [
        {
          stageMatches: new Array<number>(stages).fill(0),
          untilMatches: 0,
          untimed: 0,
          eventMatches: 0,
          nearMiss: null,
          stopped: null,
        },
      ],
      events: part.length,
      untimedByFile: {},
    });
  return correlator.finish().outcomes[0];
}

function reference(spec: QuerySpec, list: Candidate[]) {
  const run = matchSequences(spec, [...list].sort(compareOrdinal));
  const keySets = spec.query.stages.map(() => new Set<string>());
  for (const c of list)
    for (const h of c.hits) if (h.stage >= 0) for (const k of h.keys) keySets[h.stage].add(k);
  return {
    events: run.completed.map((s) => s.matches.map((c) => (c ? evidenceOf(c) : null))),
    keys: keySets.map((s) => s.size),
    started: run.started,
    maxspan: run.rejectedByMaxspan,
    until: run.rejectedByUntil,
    missing: run.rejectedByMissing,
    expired: run.expired,
  };
}

describe('a sequence skips later-stage candidates no first stage started', () => {
  const shapes: QueryShape[] = [
    { by: ['k'], stages: [{}, {}] },
    { by: ['k'], stages: [{}, {}, {}], until: {} },
    { by: ['k'], stages: [{}, {}, {}], maxspanMs: 40 },
    { by: ['k'], stages: [{}, { missing: true }, {}] },
    { by: ['k'], stages: [{}, {}, { missing: true }], maxspanMs: 60 },
    { by: ['k'], stages: [{ missing: true }, {}, {}], maxspanMs: 60 },
  ];
  for (const [i, shape] of shapes.entries())
    for (const seed of [1, 2, 3])
      it(`gives the matcher's own sequences and statistics (shape ${i}, seed ${seed})`, () => {
        const spec: QuerySpec = { id: 'q', query: query(shape), size: Infinity };
        const list = randomCandidates(seed, 6000, spec.query.stages.length, 60);
        const got = viaCorrelator(spec, list);
        const want = reference(spec, list);
        expect(got.error).toBeNull();
        expect(want.events.length).toBeGreaterThan(0);
        expect(got.results.map((r) => r.events.map((e) => ('missing' in e ? null : e)))).toEqual(
          want.events,
        );
        expect(got.stats.stages.map((s) => s.distinctKeys)).toEqual(want.keys);
        expect(got.stats.sequencesStarted).toBe(want.started);
        expect(got.stats.rejectedByMaxspan).toBe(want.maxspan);
        expect(got.stats.rejectedByUntil).toBe(want.until);
        expect(got.stats.rejectedByMissing).toBe(want.missing);
        expect(got.stats.sequencesExpired).toBe(want.expired);
      });
});
