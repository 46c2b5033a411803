// The pieces of `sequent scan --threads N` that run in this thread, over SYNTHETIC telemetry
// (src/demo) cut into ranges: a worker's reads, and the main thread handing units to the
// correlator as they come in, in any order, with exactly what one thread finds.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHere, READ_BYTES } from '../../src/cli/scan-collect.ts';
import { parseArgs } from '../../src/cli/scan-options.ts';
import { plan } from '../../src/cli/scan-plan.ts';
import { Gathering, unitStream, workUnits, type UnitResult } from '../../src/cli/scan-threads.ts';
import { collectUnit, packUnit } from '../../src/cli/scan-worker.ts';
import { generateTelemetry } from '../../src/demo/index.ts';
import { Collector, Correlator, type CandidateBatch } from '../../src/engine/index.ts';
import { builtinRules } from '../../src/rules/index.ts';

const EVENTS = 3000;
let dir = '';
let file = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sequent-units-'));
  file = join(dir, 'telemetry.ndjson');
  const docs = generateTelemetry({
    events: EVENTS,
    hosts: 8,
    seed: 'units',
    planted: 3,
    start: '2024-05-01T00:00:00.000Z',
  });
  writeFileSync(file, [...docs].map((d) => JSON.stringify(d)).join('\n') + '\n');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const specs = () =>
  plan(parseArgs(['--rules', 'builtin', file]), builtinRules(), () => {}).planned.map(
    (p) => p.spec,
  );
const files = () => [{ path: file, size: statSync(file).size }];

/** A correlator that counts the batches it is handed. */
class Counting extends Correlator {
  added = 0;
  override add(batch: CandidateBatch): void {
    this.added++;
    super.add(batch);
  }
}

describe('scan --threads, this thread', () => {
  it('reads a unit 256 KiB at a time, as one thread does', async () => {
    const [unit] = workUnits(files(), 4 << 20);
    expect(unit.end - unit.start).toBeGreaterThan(2 * READ_BYTES);
    const sizes: number[] = [];
    for await (const chunk of unitStream(unit, { newlines: 0 })()) sizes.push(chunk.length);
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBe(READ_BYTES);
  });

  it('hands units over in file order as they come in, and finds what one thread finds', async () => {
    const units = workUnits(files(), 1 << 20);
    expect(units.length).toBeGreaterThan(3);
    // One collector across units, as in a worker.
    const s = specs();
    const collector = new Collector(s, { categoryField: 'event.category', keepDocs: false });
    const results: UnitResult[] = [];
    for (const unit of units) results.push({ ...(await packUnit(collector, unit)), worker: 0 });

    const correlator = new Counting(s);
    const gathering = new Gathering(units, correlator, s.length);
    // The last unit first: nothing can be handed over before the first one is in.
    const [first, ...rest] = results;
    for (const r of rest.reverse()) gathering.add(r);
    expect(correlator.added).toBe(0);
    gathering.add(first);
    // Every batch of every unit, one at a time, as one thread hands them over.
    const batches = results.reduce((n, r) => n + r.batches.ends.length, 0);
    expect(batches).toBeGreaterThan(3 * units.length);
    expect(correlator.added).toBe(batches);
    const { diagnostics } = gathering.finish(1);
    expect(diagnostics[0].records.read).toBe(EVENTS);
    const found = correlator.finish();

    const one = new Correlator(s);
    await collectHere(files(), s, 'event.category', one, null);
    const alone = one.finish();
    expect(alone.outcomes.some((o) => o.results.length > 0)).toBe(true);
    expect(found).toEqual(alone);
  });

  it("hands a unit of this thread's over as it goes once the units before it are in", async () => {
    const units = workUnits(files(), 1 << 20);
    expect(units.length).toBeGreaterThan(3);
    const s = specs();
    const collector = new Collector(s, { categoryField: 'event.category', keepDocs: false });
    // Units 0 and 2 on: the worker's.
    const results: UnitResult[] = [];
    for (const unit of units)
      if (unit.id !== 1) results.push({ ...(await packUnit(collector, unit)), worker: 1 });
    const [first, ...rest] = results;
    const correlator = new Counting(s);
    const gathering = new Gathering(units, correlator, s.length);
    // This thread collects unit 1; unit 0 comes in from a worker after its third batch.
    const mine = new Collector(s, { categoryField: 'event.category', keepDocs: false });
    const sink = gathering.sink(units[1].id);
    let batches = 0;
    let handed = -1;
    const result = await collectUnit(mine, units[1], (batch) => {
      sink.onBatch(batch);
      if (++batches === 3) {
        expect(correlator.added).toBe(0);
        gathering.add(first);
        handed = correlator.added;
      }
    });
    // Unit 0's batches went in as it came; then this unit's three kept ones with the fourth,
    // and each one after as it came: nothing left to hand over with the result.
    expect(handed).toBe(first.batches.ends.length);
    expect(correlator.added).toBe(handed + batches);
    const left = sink.left();
    expect(left.ends).toHaveLength(0);
    gathering.add({ ...result, batches: left, worker: 0 });
    for (const r of rest) gathering.add(r);
    expect(gathering.finish(1).diagnostics[0].records.read).toBe(EVENTS);

    const one = new Correlator(s);
    await collectHere(files(), s, 'event.category', one, null);
    const alone = one.finish();
    expect(alone.outcomes.some((o) => o.results.length > 0)).toBe(true);
    expect(correlator.finish()).toEqual(alone);
  });
});
