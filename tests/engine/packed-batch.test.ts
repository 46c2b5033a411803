// Property: a collector's drained batches packed into columns (`CandidatePacker`, as a
// `sequent scan --threads` worker packs a unit) and handed to the correlator with
// `addPacked` give the outcomes of the same candidates handed over as one batch per unit,
// record numbers shifted by the records before the unit — the path the worker threads
// took before. Event windows, until, missing stages, samples, tiebreakers and candidates of
// several hits or keys (which travel as objects beside the rows) are all in the specs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CandidatePacker,
  Collector,
  Correlator,
  type CandidateBatch,
  type QuerySpec,
} from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { missingStageSpec, query } from './build.ts';

const categories = ['network', 'process', 'file'] as const;

const eventsArb = fc.array(
  fc.record({
    category: fc.constantFrom(...categories),
    host: fc.constantFrom('h1', 'h2', 'h3', null),
    user: fc.constantFrom(['u1'], ['u1', 'u2'], 'u3'),
    tag: fc.constantFrom('a', 'b', 'c'),
    ms: fc.integer({ min: 0, max: 60_000 }),
    untimed: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  }),
  { minLength: 0, maxLength: 80 },
);

const docOf = (r: {
  category: string;
  host: string | null;
  user: string | string[];
  tag: string;
  ms: number;
  untimed: boolean;
}): Doc => ({
  ...(r.untimed ? {} : { '@timestamp': new Date(1_700_000_000_000 + r.ms).toISOString() }),
  event: { category: [r.category] },
  ...(r.host ? { host: { id: r.host } } : {}),
  user: { name: r.user },
  tag: r.tag,
  seq: r.ms % 7,
});

const specs: QuerySpec[] = [
  {
    id: 'sequence',
    size: Infinity,
    query: query({
      by: ['host.id'],
      maxspanMs: 30_000,
      stages: [{ category: 'network' }, { category: 'process', where: (d) => d.tag !== 'c' }],
    }),
  },
  {
    id: 'until',
    size: Infinity,
    query: query({
      by: ['?host.id'],
      stages: [{ category: 'process' }, { category: 'file' }],
      until: { category: 'network', where: (d) => d.tag === 'a' },
    }),
  },
  missingStageSpec(),
  {
    // A multi-valued key: one candidate, several keys (kept as an object, not a row).
    id: 'by-user',
    size: Infinity,
    query: query({ by: ['user.name'], stages: [{ category: 'file' }, { category: 'network' }] }),
  },
  {
    id: 'tiebreaker',
    size: Infinity,
    query: query({
      by: ['host.id'],
      tiebreaker: 'seq',
      stages: [{ category: 'process' }, { category: 'process' }],
    }),
  },
  {
    id: 'events-tail',
    size: 7,
    query: query({ stages: [{ category: null }], pipes: [{ kind: 'tail', count: 9 }] }),
  },
  {
    id: 'events-head',
    size: 5,
    query: query({ stages: [{ category: 'file' }] }),
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

/** Units of `size` records over `files`: [file, first record, docs]. */
function unitsOf(files: Doc[][], size: number): [number, number, Doc[]][] {
  const units: [number, number, Doc[]][] = [];
  files.forEach((docs, file) => {
    for (let start = 0; start < docs.length; start += size)
      units.push([file, start, docs.slice(start, start + size)]);
  });
  return units;
}

/** A batch whose record numbers start after `base` records of its file. */
function shifted(batch: CandidateBatch, base: number): CandidateBatch {
  return {
    ...batch,
    candidates: batch.candidates.map((list) =>
      list.map((c) => ({ ...c, record: c.record + base })),
    ),
  };
}

function scan(files: Doc[][], unitSize: number, every: number, packed: boolean) {
  // The packing side shares few keys, as a worker does (its map starts afresh every 2).
  const collector = new Collector(specs, { keepDocs: false, ...(packed ? { sharedKeys: 2 } : {}) });
  const packer = new CandidatePacker(specs.length);
  const correlator = new Correlator(specs);
  for (const [file, base, docs] of unitsOf(files, unitSize)) {
    docs.forEach((doc, record) => {
      // Offsets on some records only: a unit mixes rows with and without one.
      collector.add(doc, {
        file,
        record,
        ...(record % 3 ? { offset: 100 * (base + record) } : {}),
      });
      if (packed && (record + 1) % every === 0) packer.add(collector.drain());
    });
    if (packed) {
      packer.add(collector.drain());
      // Through structured clone, as postMessage carries it.
      correlator.addPacked(structuredClone(packer.take()), base);
    } else correlator.add(structuredClone(shifted(collector.drain(), base)));
  }
  return correlator.finish();
}

describe('packed candidate batches', () => {
  it('give the outcomes of one batch per unit, however units and drains fall', () => {
    fc.assert(
      fc.property(
        eventsArb,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 9 }),
        (raw, fileCount, unitSize, every) => {
          const files: Doc[][] = Array.from({ length: fileCount }, () => []);
          raw.forEach((r, i) => files[i % fileCount].push(docOf(r)));
          expect(scan(files, unitSize, every, true)).toEqual(scan(files, unitSize, every, false));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds something in the generated data (the property is not vacuous)', () => {
    const sample = fc.sample(eventsArb, { numRuns: 40, seed: 7 });
    const totals = specs.map(() => 0);
    for (const raw of sample)
      scan([raw.map(docOf)], 10, 3, true).outcomes.forEach((o, q) => (totals[q] += o.total));
    expect(totals.map((t, q) => (t > 0 ? specs[q].id : `${specs[q].id}: none`))).toEqual(
      specs.map((s) => s.id),
    );
  });

  it('keeps the common candidate as a row, the others as objects', () => {
    const collector = new Collector(specs, { keepDocs: false });
    const packer = new CandidatePacker(specs.length);
    collector.add(
      docOf({ category: 'file', host: 'h1', user: 'u3', tag: 'a', ms: 1, untimed: false }),
      {
        file: 0,
        record: 0,
      },
    );
    collector.add(
      docOf({ category: 'file', host: 'h1', user: ['u1', 'u2'], tag: 'a', ms: 2, untimed: false }),
      { file: 0, record: 1 },
    );
    packer.add(collector.drain());
    const p = packer.take();
    expect(p.rows).toBeGreaterThan(2);
    // The two-user candidate of `by-user` travels whole; every other candidate is a row.
    expect(p.others).toHaveLength(1);
    expect(p.others[0].hits[0].keys).toHaveLength(2);
    expect(p.keys.length).toBeLessThan(p.rows);
    expect(packer.take().rows).toBe(0);
  });
});
