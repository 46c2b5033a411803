// A helper collects a folder's files one after another, each with a collector of its own, all
// sharing the plan built once for the scan's rules (CollectorOptions.plan). Each collector must
// hand over exactly what a collector with a plan of its own hands over: the plan carries
// nothing from one file's events into the next's. Elastic's real EQL rules and SYNTHETIC
// telemetry rewritten to the values those rules test for (real-rules.ts).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Collector, planFor } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { literals, loadSpecs, plantedEvents, RULES } from './real-rules.ts';

/** Everything the collector hands over for one file's events, batch by batch. */
function collected(collector: Collector, file: number, docs: readonly Doc[]) {
  const batches = [];
  for (let at = 0; at < docs.length; at += 128) {
    docs.slice(at, at + 128).forEach((doc, i) => collector.add(doc, { file, record: at + i }));
    batches.push(collector.drain());
  }
  return batches;
}

describe.skipIf(!existsSync(RULES))('collectors sharing one plan', () => {
  it('hand over what collectors with plans of their own do, file after file', () => {
    const specs = loadSpecs();
    const docs = plantedEvents(literals(specs), 1200);
    const files = [docs.slice(0, 400), docs.slice(400, 800), docs.slice(800)];
    const plan = planFor(specs);
    let candidates = 0;
    files.forEach((events, file) => {
      const shared = collected(new Collector(specs, { plan }), file, events);
      const own = collected(new Collector(specs), file, events);
      expect(shared).toEqual(own);
      for (const b of shared) for (const list of b.candidates) candidates += list.length;
    });
    // The files raise candidates, so the comparison has something to compare.
    expect(candidates).toBeGreaterThan(100);
  });
});
