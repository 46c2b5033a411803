// The pieces of `sequent scan --threads N` that run in this thread, over SYNTHETIC telemetry
// (src/demo) cut into ranges: a worker's reads, and the main thread handing units to the
// correlator as they come in, in any order, with exactly what one thread finds.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHere, WORKER_READ_BYTES } from '../../src/cli/scan-collect.ts';
import { parseArgs } from '../../src/cli/scan-options.ts';
import { plan } from '../../src/cli/scan-plan.ts';
import { Gathering, unitStream, workUnits, type UnitResult } from '../../src/cli/scan-threads.ts';
import { collectUnit } from '../../src/cli/scan-worker.ts';
import { generateTelemetry } from '../../src/demo/index.ts';
import {
  Collector,
  Correlator,
  type CandidateBatch,
  type PackedBatch,
} from '../../src/engine/index.ts';
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
  override addPacked(batch: PackedBatch, recordBase?: number): void {
    this.added++;
    super.addPacked(batch, recordBase);
  }
}

describe('scan --threads, this thread', () => {
  it('reads a unit 64 KiB at a time', async () => {
    const [unit] = workUnits(files(), 4 << 20);
    expect(unit.end - unit.start).toBeGreaterThan(2 * WORKER_READ_BYTES);
    const sizes: number[] = [];
    for await (const chunk of unitStream(unit, { newlines: 0 })()) sizes.push(chunk.length);
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBe(WORKER_READ_BYTES);
  });

  it('hands units over in file order as they come in, and finds what one thread finds', async () => {
    const units = workUnits(files(), 1 << 20);
    expect(units.length).toBeGreaterThan(3);
    // One collector across units, as in a worker.
    const s = specs();
    const collector = new Collector(s, { categoryField: 'event.category', keepDocs: false });
    const results: UnitResult[] = [];
    for (const unit of units) results.push({ ...(await collectUnit(collector, unit)), worker: 0 });

    const correlator = new Counting(s);
    const gathering = new Gathering(units, correlator);
    // The last unit first: nothing can be handed over before the first one is in.
    const [first, ...rest] = results;
    for (const r of rest.reverse()) gathering.add(r);
    expect(correlator.added).toBe(0);
    gathering.add(first);
    expect(correlator.added).toBe(units.length);
    const { diagnostics } = gathering.finish(1);
    expect(diagnostics[0].records.read).toBe(EVENTS);
    const found = correlator.finish();

    const one = new Correlator(s);
    await collectHere(files(), s, 'event.category', one, null);
    const alone = one.finish();
    expect(alone.outcomes.some((o) => o.results.length > 0)).toBe(true);
    expect(found).toEqual(alone);
  });
});
