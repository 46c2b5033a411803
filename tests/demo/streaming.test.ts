import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTelemetry } from '../../src/demo/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('generating large data sets', () => {
  it('streams: the first documents of a 50-million-event set come at once', () => {
    const started = Date.now();
    const iterator = generateTelemetry({
      events: 50_000_000,
      hosts: 500,
      seed: 'huge',
      planted: 40,
      start: '2024-01-01T00:00:00Z',
    })[Symbol.iterator]();
    const first = Array.from({ length: 1000 }, () => iterator.next().value);
    expect(first.every((d) => d !== undefined)).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('bench/generate.ts writes NDJSON and the planted truth next to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-gen-'));
    try {
      const out = join(dir, 'small.ndjson');
      execFileSync('npx', ['tsx', 'bench/generate.ts', '--events', '5000', '--out', out], {
        cwd: root,
        stdio: 'pipe',
      });
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(5000);
      expect(JSON.parse(lines[0]).labels).toEqual({ synthetic: true });
      expect(existsSync(`${out}.partial`)).toBe(false);
      const truth = JSON.parse(readFileSync(`${out}.truth.json`, 'utf8'));
      expect(truth.synthetic).toBe(true);
      expect(truth.planted.length).toBe(
        truth.options.planted + truth.options.plantedSysmon + truth.options.plantedSecurity,
      );
      // Every planted connection is in the file at the time the truth gives.
      const times = new Set(lines.map((l) => JSON.parse(l)['@timestamp']));
      for (const p of truth.planted) expect(times.has(p.network)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
