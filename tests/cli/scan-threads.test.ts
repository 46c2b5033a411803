// `sequent scan --threads N` gives exactly what one thread gives: the built CLI over SYNTHETIC
// telemetry (src/demo) cut into many ranges (a small --chunk-size), with Elastic's whole
// Windows folder (EQL, KQL, threshold and new terms rules), a broken line in the middle (its
// line number must stay file-relative) and a second file, so ranges, files, record numbering
// and the aggregations over all of them meet.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTelemetry } from '../../src/demo/index.ts';
import { buildCli, root } from './built-cli.ts';

const WINDOWS_RULES = join(root, '../shared/detection-rules/rules/windows');

let bin = '';
let built = '';
let data = '';

const at = (minute: number, second: number) =>
  new Date(Date.UTC(2024, 4, 1, 0, minute, second)).toISOString();

function processStart(ts: string, host: string, args: string[], parent: string): string {
  return JSON.stringify({
    '@timestamp': ts,
    labels: { synthetic: true },
    event: { category: ['process'], type: ['start'], kind: 'event', ingested: ts },
    host: { id: host, name: host, os: { type: 'windows' } },
    process: { name: args[0], args, command_line: args.join(' '), parent: { name: parent } },
  });
}

function scan(args: string[]) {
  const r = spawnSync('node', [bin, 'scan', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
  data = mkdtempSync(join(tmpdir(), 'sequent-threads-'));
  const lines = [
    ...generateTelemetry({
      events: 6000,
      hosts: 6,
      seed: 'threads',
      planted: 3,
      plantedSysmon: 1,
      plantedSecurity: 1,
      start: '2024-05-01T00:00:00Z',
    }),
  ].map((d) => JSON.stringify(d));
  // SYNTHETIC events for the folder's aggregation rules, spread over both files and many
  // ranges: a burst of service stops on one host (threshold "Stop process/service", 10 in
  // 9 minutes) and svchost starting cmd.exe three times with one command line and once with
  // another (new terms "Svchost spawning Cmd").
  const extra = [
    ...Array.from({ length: 12 }, (_, i) =>
      processStart(at(40, i * 20), 'synthetic-burst', ['sc.exe', 'stop', `svc${i}`], 'cmd.exe'),
    ),
    ...[1, 3, 5, 7].map((m, i) =>
      processStart(
        at(m * 6, 0),
        'synthetic-svc',
        ['cmd.exe', '/c', i === 2 ? 'whoami' : 'hostname'],
        'svchost.exe',
      ),
    ),
  ];
  extra.forEach((line, i) => lines.splice(250 + i * 370, 0, line));
  lines.splice(3500, 0, '{"broken": ');
  writeFileSync(join(data, 'a.ndjson'), lines.slice(0, 5000).join('\n') + '\n');
  writeFileSync(join(data, 'b.ndjson'), lines.slice(5000).join('\n') + '\n');
}, 120_000);

afterAll(() => {
  for (const dir of [built, data]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sequent scan --threads', () => {
  it('prints the same alerts and messages with 2 threads over many ranges as with 1', () => {
    const rules = existsSync(WINDOWS_RULES) ? WINDOWS_RULES : 'builtin';
    const files = [join(data, 'a.ndjson'), join(data, 'b.ndjson')];
    const one = scan(['--rules', rules, '--threads', '1', ...files]);
    expect(one.stdout.split('\n').length).toBeGreaterThan(3);
    expect(one.stderr).toContain('a.ndjson:3501:');
    // The folder's KQL rules without alerts once crashed the hints after the results were
    // printed, cutting piped output where timing had it: 2 threads then "printed more" than 1.
    expect(one.stderr).not.toMatch(/EqlError|at .*\.js:\d+/);
    expect(one.code).toBe(0);
    if (rules !== 'builtin') {
      // The folder's aggregation rules must have something to aggregate, or they prove nothing.
      const keys = one.stdout
        .trim()
        .split('\n')
        .flatMap((l) => Object.keys(JSON.parse(l) as object));
      expect(keys.filter((k) => k === 'threshold')).toHaveLength(1);
      expect(keys.filter((k) => k === 'new_terms')).toHaveLength(2);
    }
    // Two ways to hand ranges to workers: which worker sees which range must not matter.
    for (const [threads, chunk] of [
      ['2', '400000'],
      ['3', '150000'],
    ]) {
      const many = scan(['--rules', rules, '--threads', threads, '--chunk-size', chunk, ...files]);
      expect(many.code).toBe(one.code);
      expect(many.stdout).toBe(one.stdout);
      expect(many.stderr).toBe(one.stderr);
    }
  }, 300_000);

  it('reports the plan over all threads with --stats', () => {
    const r = scan([
      '--rules',
      'builtin',
      '--threads',
      '2',
      '--chunk-size',
      '400000',
      '--stats',
      join(data, 'a.ndjson'),
    ]);
    const stats = JSON.parse(r.stderr.trim().split('\n').pop()!) as {
      events: number;
      plan: { stagesPerEvent: { mean: number; worst: number } };
    };
    expect(stats.events).toBe(4999);
    expect(stats.plan.stagesPerEvent.worst).toBeGreaterThan(0);
  }, 120_000);

  it('without --threads, uses several for a large input and one for a small one, alike', () => {
    // The same SYNTHETIC lines over and over, past the 256 MiB below which one thread reads.
    const a = readFileSync(join(data, 'a.ndjson'));
    const big = join(data, 'big.ndjson');
    const fd = openSync(big, 'w');
    for (let n = 0; n < 260 * 2 ** 20; n += a.length) writeSync(fd, a);
    closeSync(fd);
    const stats = (r: { stderr: string }) =>
      JSON.parse(r.stderr.trim().split('\n').pop()!) as { threads: number; events: number };
    const auto = scan(['--rules', 'builtin', '--stats', big]);
    const one = scan(['--rules', 'builtin', '--stats', '--threads', '1', big]);
    rmSync(big);
    expect(stats(auto).threads).toBe(availableParallelism() > 1 ? 2 : 1);
    expect(stats(one).threads).toBe(1);
    expect(stats(auto).events).toBe(stats(one).events);
    expect(auto.stdout).toBe(one.stdout);
    expect(auto.stdout.length).toBeGreaterThan(0);
    const small = scan([
      '--rules',
      'builtin',
      '--stats',
      join(data, 'a.ndjson'),
      join(data, 'b.ndjson'),
    ]);
    expect(stats(small).threads).toBe(1);
  }, 300_000);
});
