// The same event in two files (exports that overlap) or twice in one is counted once by
// `sequent scan`, on one thread and on several, as the page counts it: the built CLI over a
// real OTRF recording cut into two overlapping files, and over SYNTHETIC telemetry whose
// network events carry no record id (known by their text alone).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTelemetry } from '../../src/demo/index.ts';
import { buildCli, root, samples, samplesUnavailable } from './built-cli.ts';

const WINDOWS_RULES = join(root, '../shared/detection-rules/rules/windows');
const EMPIRE = join(samples, 'otrf/empire_psremoting_stager.ndjson');
const skip = samplesUnavailable();

let bin = '';
let built = '';
let data = '';

function scan(args: string[]) {
  const r = spawnSync('node', [bin, 'scan', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const write = (name: string, lines: readonly string[]) => {
  const path = join(data, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
};

/** The stderr lines other than those that say events were counted once. */
const apart = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !l.includes('each counted once'))
    .join('\n');

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
  data = mkdtempSync(join(tmpdir(), 'sequent-dup-records-'));
}, 120_000);

afterAll(() => {
  for (const dir of [built, data]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('sequent scan: a record read twice counts once', () => {
  it('gives two overlapping exports of a recording exactly the one recording’s output', () => {
    const rules = existsSync(WINDOWS_RULES) ? WINDOWS_RULES : 'builtin';
    const lines = readFileSync(EMPIRE, 'utf8').trimEnd().split('\n');
    const whole = write('whole.ndjson', lines);
    // Each misses 300 lines the other has: ~2,100 records are in both.
    const early = write('early.ndjson', lines.slice(0, -300));
    const late = write('late.ndjson', lines.slice(300));
    // The first 200 records again at the end of the same file: Windows records by their
    // identity, so a repeat within one file is one event too.
    const repeated = write('repeated.ndjson', [...lines, ...lines.slice(0, 200)]);

    const once = scan(['--rules', rules, '--threads', '1', whole]);
    expect(once.code).toBe(0);
    expect(once.stdout).not.toBe('');

    const again = scan(['--rules', rules, '--threads', '1', repeated]);
    expect(again.stdout).toBe(once.stdout);
    expect(apart(again.stderr)).toBe(once.stderr);
    expect(again.stderr).toContain('repeated.ndjson: of the events rules match');

    const files = [early, late];
    const one = scan(['--rules', rules, '--threads', '1', ...files]);
    expect(one.stdout).toBe(once.stdout);
    // Every hint and count (stage matches of rules without alerts) is that of one copy.
    expect(apart(one.stderr)).toBe(once.stderr);
    expect(one.stderr).toMatch(
      /late\.ndjson: of the events rules match, \d+ were read already .*: each counted once/,
    );
    expect(one.stderr).not.toMatch(/early\.ndjson: of the events/);

    // Over worker threads the units are checked in file order, and a unit holding records
    // that earlier ones brought is collected again without them: the same output.
    for (const [threads, chunk] of [
      ['2', '300000'],
      ['3', '120000'],
    ]) {
      const many = scan(['--rules', rules, '--threads', threads, '--chunk-size', chunk, ...files]);
      expect(many.stdout).toBe(one.stdout);
      expect(many.stderr).toBe(one.stderr);
    }
  }, 300_000);

  it('drops a record known only by its text when another file brought it, not within one', () => {
    const lines = [
      ...generateTelemetry({
        events: 3000,
        hosts: 4,
        seed: 'dup-records',
        planted: 3,
        start: '2024-05-01T00:00:00Z',
      }),
    ].map((d) => JSON.stringify(d));
    const query = ['--query', 'network where event.module == "endpoint"', '--size', '10000'];
    const whole = write('telemetry.ndjson', lines);
    const first = write('first.ndjson', lines.slice(0, 2000));
    const second = write('second.ndjson', lines.slice(1000));
    const once = scan([...query, '--threads', '1', whole]);
    const results = once.stdout.trim().split('\n');
    expect(results.length).toBeGreaterThan(2);
    // The query's events are Elastic Endpoint's, of no Windows channel: keyed by their text.
    expect(once.stdout).not.toContain('"winlog"');
    for (const threads of ['1', '2']) {
      const both = scan([...query, '--threads', threads, '--chunk-size', '100000', first, second]);
      expect(both.stdout).toBe(once.stdout);
      expect(both.stderr).toContain('second.ndjson: of the events rules match');
    }
    // Two equal lines in one file are two events: nothing tells them apart.
    const planted = lines.find((l) => l.includes('"endpoint.events.network"'))!;
    const doubled = write('doubled.ndjson', [...lines, planted]);
    const twice = scan([...query, '--threads', '1', doubled]);
    expect(twice.stdout.trim().split('\n')).toHaveLength(results.length + 1);
    expect(twice.stderr).not.toContain('each counted once');
  }, 120_000);
});
