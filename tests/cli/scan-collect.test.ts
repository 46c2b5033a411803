// The single-thread collect phase of `sequent scan` over SYNTHETIC telemetry (src/demo): it
// hands the collector small batches, whose events must die in a 4 MiB young generation.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_EVENTS, collectHere } from '../../src/cli/scan-collect.ts';
import { plan } from '../../src/cli/scan-plan.ts';
import { parseArgs } from '../../src/cli/scan-options.ts';
import { generateTelemetry } from '../../src/demo/index.ts';
import { Correlator } from '../../src/engine/index.ts';
import { builtinRules } from '../../src/rules/index.ts';

const EVENTS = 3000;
let dir = '';
let file = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sequent-collect-'));
  file = join(dir, 'telemetry.ndjson');
  const docs = generateTelemetry({
    events: EVENTS,
    hosts: 10,
    seed: 'collect',
    planted: 2,
    start: '2024-05-01T00:00:00.000Z',
  });
  writeFileSync(file, [...docs].map((d) => JSON.stringify(d)).join('\n') + '\n');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function collect() {
  const { planned } = plan(parseArgs(['--rules', 'builtin', file]), builtinRules(), () => {});
  const specs = planned.map((p) => p.spec);
  const correlator = new Correlator(specs);
  let batches = 0;
  const { diagnostics } = await collectHere(
    [{ path: file, size: statSync(file).size }],
    specs,
    'event.category',
    correlator,
    null,
    () => batches++,
  );
  return { batches, read: diagnostics[0].records.read, found: correlator.finish() };
}

describe('collectHere', () => {
  it('hands the collector batches of BATCH_EVENTS events', async () => {
    const { batches, read, found } = await collect();
    expect(read).toBe(EVENTS);
    expect(BATCH_EVENTS).toBeLessThanOrEqual(128);
    expect(batches).toBe(Math.ceil(EVENTS / BATCH_EVENTS));
    // Both planted sequences, found by Elastic's rule.
    expect(found.events).toBe(EVENTS);
    expect(found.outcomes.reduce((n, o) => n + o.results.length, 0)).toBeGreaterThanOrEqual(2);
  });
});
