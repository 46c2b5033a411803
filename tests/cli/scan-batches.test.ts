// A unit's candidate batches kept as bytes (scan-batches.ts) over SYNTHETIC telemetry
// (src/demo) with the built-in rules: read back one at a time, they are the batches the
// collector drained, and a correlator fed either way finds the same.
import { describe, expect, it } from 'vitest';
import { BatchPacker, recycle, unpack } from '../../src/cli/scan-batches.ts';
import { BATCH_EVENTS } from '../../src/cli/scan-collect.ts';
import { parseArgs } from '../../src/cli/scan-options.ts';
import { plan } from '../../src/cli/scan-plan.ts';
import { generateTelemetry } from '../../src/demo/index.ts';
import { Collector, Correlator, type CandidateBatch } from '../../src/engine/index.ts';
import { builtinRules } from '../../src/rules/index.ts';

const specs = plan(parseArgs(['--rules', 'builtin', 'x']), builtinRules(), () => {}).planned.map(
  (p) => p.spec,
);

/** The collector's batches over synthetic telemetry, 128 events each, some without a time. */
function drained(): CandidateBatch[] {
  const collector = new Collector(specs, { categoryField: 'event.category', keepDocs: false });
  const docs = [
    ...generateTelemetry({
      events: 3000,
      hosts: 5,
      seed: 'batches',
      planted: 3,
      start: '2024-05-01T00:00:00.000Z',
    }),
  ];
  const batches: CandidateBatch[] = [];
  docs.forEach((doc, record) => {
    // Every 20th event loses its time: a batch counts those a rule wanted per file.
    if (record % 20 === 7) delete (doc as Record<string, unknown>)['@timestamp'];
    collector.add(doc, { file: record % 2, record, offset: record * 100 });
    if (record % BATCH_EVENTS === BATCH_EVENTS - 1)
      batches.push(structuredClone(collector.drain()));
  });
  batches.push(structuredClone(collector.drain()));
  return batches;
}

describe('BatchPacker', () => {
  it('gives back the batches the collector drained, one at a time, in order', () => {
    const batches = drained();
    const packer = new BatchPacker();
    for (const b of batches) packer.push(b);
    expect(packer.size).toBe(batches.length);
    const back = [...unpack(packer.take(), specs.length)];
    expect(back).toHaveLength(batches.length);
    let candidates = 0;
    back.forEach((b, i) => {
      const want = batches[i];
      expect(b.events).toBe(want.events);
      expect(b.untimedByFile).toEqual(want.untimedByFile);
      expect(b.candidates).toHaveLength(specs.length);
      for (let q = 0; q < specs.length; q++) {
        expect(b.candidates[q]).toEqual(want.candidates[q]);
        candidates += b.candidates[q].length;
        // A query the batch did not touch comes back with nothing to add.
        const c = b.counts[q];
        const w = want.counts[q];
        expect(c.stageMatches.reduce((n, x) => n + x, 0)).toBe(
          w.stageMatches.reduce((n, x) => n + x, 0),
        );
        expect([c.untilMatches, c.untimed, c.eventMatches, c.stopped]).toEqual([
          w.untilMatches,
          w.untimed,
          w.eventMatches,
          w.stopped,
        ]);
      }
    });
    expect(candidates).toBeGreaterThan(0);
    expect(batches.some((b) => Object.keys(b.untimedByFile).length > 0)).toBe(true);

    // The correlator finds the same from either.
    const direct = new Correlator(specs);
    for (const b of batches) direct.add(b);
    const packed = new Correlator(specs);
    for (const b of back) packed.add(b);
    const found = packed.finish();
    expect(found.outcomes.some((o) => o.results.length > 0)).toBe(true);
    expect(found).toEqual(direct.finish());
  });

  it('writes the next batches into a buffer handed back, and starts afresh after take', () => {
    const [first, second] = drained();
    const packer = new BatchPacker();
    packer.push(first);
    const taken = packer.take();
    expect(packer.size).toBe(0);
    expect([...unpack(packer.take(), specs.length)]).toHaveLength(0);
    recycle(taken.bytes.buffer);
    packer.push(second);
    const again = packer.take();
    expect(again.bytes.buffer).toBe(taken.bytes.buffer);
    const [back] = [...unpack(again, specs.length)];
    expect(back.events).toBe(second.events);
  });
});
