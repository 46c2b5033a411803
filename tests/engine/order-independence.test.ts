// Property: shuffling records within and across files, and splitting them over several
// collectors (as the browser worker pool does), never changes any query's results.
// Samples are the exception by design: like Elasticsearch's index order, input order picks
// which events fill a sample, so a shuffle may change their events but not their keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Collector, Correlator, type QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { missingStageSpec, query } from './build.ts';

const categories = ['network', 'process', 'file'] as const;

// Distinct timestamps: with ties, input order is the documented last tiebreaker, so a
// shuffle may legitimately change results; distinct times make the property exact.
const eventsArb = fc
  .array(
    fc.record({
      category: fc.constantFrom(...categories),
      host: fc.constantFrom('h1', 'h2', 'h3', null),
      tag: fc.constantFrom('a', 'b', 'c'),
      port: fc.constantFrom(5985, 443),
    }),
    { minLength: 0, maxLength: 60 },
  )
  .chain((raw) =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: 100_000 }), {
        minLength: raw.length,
        maxLength: raw.length,
      })
      .map((times) =>
        raw.map((r, i): Doc => ({
          '@timestamp': new Date(1_700_000_000_000 + times[i]).toISOString(),
          event: { category: [r.category] },
          ...(r.host ? { host: { id: r.host } } : {}),
          tag: r.tag,
          destination: { port: r.port },
          id: i,
        })),
      ),
  );

const specs: QuerySpec[] = [
  {
    id: 'winrm-like',
    size: Infinity,
    query: query({
      by: ['host.id'],
      maxspanMs: 30_000,
      stages: [
        { category: 'network', where: (d) => (d.destination as { port: number }).port === 5985 },
        { category: 'process', where: (d) => d.tag !== 'c' },
      ],
    }),
  },
  {
    id: 'until-runs',
    size: Infinity,
    query: query({
      by: ['?host.id'],
      stages: [{ category: 'process', runs: 2 }, { category: 'file' }],
      until: { category: 'network', where: (d) => d.tag === 'a' },
    }),
  },
  missingStageSpec(),
  {
    id: 'events-tail',
    size: 7,
    query: query({ stages: [{ category: null }], pipes: [{ kind: 'tail', count: 9 }] }),
  },
  {
    id: 'sample',
    size: Infinity,
    query: query({
      kind: 'sample',
      by: ['host.id'],
      stages: [{ category: 'file' }, { category: 'network' }],
    }),
  },
];

function scan(files: Doc[][], collectors: number) {
  const pool = Array.from({ length: collectors }, () => new Collector(specs));
  files.forEach((docs, file) =>
    docs.forEach((doc, record) => pool[(file + record) % collectors].add(doc, { file, record })),
  );
  const correlator = new Correlator(specs);
  // Batches reach the correlator in any order, through structured clone like postMessage.
  for (const c of pool.reverse()) correlator.add(structuredClone(c.drain()));
  return correlator.finish().outcomes.map((o) => ({
    id: o.id,
    results: o.results.map((r) => ({
      ...('join_keys' in r ? { keys: r.join_keys } : {}),
      ids: r.events.map((e) => (e.missing === true ? -1 : (e as Doc).id)),
    })),
    total: o.total,
  }));
}

type Outcome = ReturnType<typeof scan>[number];

function eventsUnlessSample(o: Outcome): unknown {
  return o.id === 'sample' ? { ...o, results: o.results.map((r) => r.keys) } : o;
}

describe('order independence', () => {
  it('gives the same results for any shuffle, file split and collector count', () => {
    fc.assert(
      fc.property(
        eventsArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        (events, fileCount, collectors, seed) => {
          const reference = scan([events], 1);
          // Deterministic shuffle from the seed, then deal records into files.
          const shuffled = [...events];
          let s = seed;
          for (let i = shuffled.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) | 0;
            const j = Math.abs(s) % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
          }
          const files: Doc[][] = Array.from({ length: fileCount }, () => []);
          shuffled.forEach((e, i) => files[(i * 7 + (seed & 3)) % fileCount].push(e));
          expect(scan(files, collectors).map(eventsUnlessSample)).toEqual(
            reference.map(eventsUnlessSample),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same samples for the same input order, whatever the collector count', () => {
    fc.assert(
      fc.property(
        eventsArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 4 }),
        (events, fileCount, collectors) => {
          const files: Doc[][] = Array.from({ length: fileCount }, () => []);
          events.forEach((e, i) => files[i % fileCount].push(e));
          expect(scan(files, collectors)).toEqual(scan(files, 1));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same outcomes, statistics and budget trips however often the collector drains', () => {
    // A collector without near-miss counts hands over only the queries touched since its
    // last drain (the CLI drains after every 128 events); a tight budget on one query makes
    // it trip, and then stay stopped, across drains.
    const tight = specs.map((s, q) => (q === 0 ? { ...s, budget: 6 } : s));
    const run = (events: Doc[], every: number) => {
      const collector = new Collector(tight);
      const correlator = new Correlator(tight);
      events.forEach((doc, record) => {
        collector.add(doc, { file: record % 2, record });
        if ((record + 1) % every === 0) correlator.add(structuredClone(collector.drain()));
      });
      correlator.add(collector.drain());
      return correlator.finish();
    };
    // Found by this property (seed -866643240): eight matches of the tight query, out of
    // order, drained after each. The collector that drained once stopped counting at its trip.
    const network = (id: number, ms: number): Doc => ({
      '@timestamp': new Date(Date.UTC(2023, 10, 14, 22, 13, 20, ms)).toISOString(),
      event: { category: ['network'] },
      host: { id: 'h1' },
      tag: 'a',
      destination: { port: 5985 },
      id,
    });
    const tripped = [0, 3, 4, 7, 8, 1, 5, 6].map((ms, id) => network(id, ms));
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 1, max: 9 }), (events, every) => {
        expect(run(events, every)).toEqual(run(events, Infinity));
      }),
      { numRuns: 300, examples: [[tripped, 1]] },
    );
  });

  it('finds something in the generated data (the property is not vacuous)', () => {
    const sample = fc.sample(eventsArb, { numRuns: 50, seed: 42 });
    const found = sample.map((events) => scan([events], 1) as { results: unknown[] }[]);
    for (const q of [0, 1, 2, 4])
      expect(found.some((outcomes) => outcomes[q].results.length > 0)).toBe(true);
  });
});
