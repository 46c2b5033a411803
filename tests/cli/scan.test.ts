// `sequent scan` end to end on the synthetic WinRM fixtures (tests/fixtures/engine/winrm,
// labelled synthetic): the built CLI, real ingest, the built-in rules.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINRM_ELASTIC_QUERY } from '../../src/rules/index.ts';

import { buildCli, root } from './built-cli.ts';

let bin = '';
let built = '';

const fixture = (name: string) => `${root}tests/fixtures/engine/winrm/${name}`;

function scan(args: string[]) {
  const r = spawnSync('node', [bin, 'scan', ...args], { encoding: 'utf8' });
  const lines = r.stdout.split('\n').filter(Boolean);
  return { code: r.status, stderr: r.stderr, results: lines.map((l) => JSON.parse(l)) };
}

const WINRM_ELASTIC = '1cd01db9-be24-4bef-8e7c-e923f0ff78ab';
const WINRM_QUERY = WINRM_ELASTIC_QUERY;

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
}, 120_000);
afterAll(() => {
  if (built) rmSync(built, { recursive: true, force: true });
});

describe('sequent scan --rules builtin (synthetic WinRM remote shell)', () => {
  it('raises exactly one alert for the connection and the winrshost child in two files', () => {
    for (const order of [
      ['network.ndjson', 'process.ndjson'],
      ['process.ndjson', 'network.ndjson'],
    ]) {
      const r = scan(['--rules', 'builtin', ...order.map(fixture)]);
      expect(r.code).toBe(0);
      expect(r.results).toHaveLength(1);
      const [alert] = r.results;
      expect(alert.rule).toEqual({
        id: WINRM_ELASTIC,
        name: 'Incoming Execution via WinRM Remote Shell',
        severity: 'medium',
        risk_score: 47,
      });
      expect(alert.join_keys).toEqual(['5c1b0f4e-2a7d-4c8e-9b61-0d2f3a9e7c11']);
      expect(alert.events.map((e: { process: { name: string } }) => e.process.name)).toEqual([
        'System',
        'cmd.exe',
      ]);
    }
  });

  it('reads events back from a gzip export as well (results carry the full documents)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-scan-'));
    const gz = join(dir, 'process.ndjson.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('process.ndjson'))));
    const r = scan(['--rules', 'builtin', fixture('network.ndjson'), gz]);
    rmSync(dir, { recursive: true });
    expect(r.results).toHaveLength(1);
    expect(r.results[0].events[1].process.command_line).toBe('cmd.exe /C ipconfig /all');
  });

  it('reads every file under a folder it is given, as the page takes a dropped folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-scan-'));
    mkdirSync(join(dir, 'host-a', 'logs'), { recursive: true });
    writeFileSync(
      join(dir, 'host-a', 'logs', 'network.ndjson'),
      readFileSync(fixture('network.ndjson')),
    );
    writeFileSync(join(dir, 'process.ndjson'), readFileSync(fixture('process.ndjson')));
    const folder = scan(['--rules', 'builtin', dir]);
    const missing = scan(['--rules', 'builtin', join(dir, 'nothing-here')]);
    rmSync(dir, { recursive: true });
    const files = scan([
      '--rules',
      'builtin',
      fixture('network.ndjson'),
      fixture('process.ndjson'),
    ]);
    expect(folder.code).toBe(0);
    expect(folder.results).toHaveLength(1);
    expect(folder.results).toEqual(files.results);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read ${join(dir, 'nothing-here')}`);
  });

  it('reads a log given twice once: a copy in the folder, or the same path named again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-twin-'));
    const bytes = readFileSync(fixture('process.ndjson'));
    writeFileSync(join(dir, 'a.ndjson'), bytes);
    writeFileSync(join(dir, 'b-copy.ndjson'), bytes);
    // Same size, other bytes: read.
    const other = Buffer.from(bytes);
    other[other.indexOf('winrshost')] = 'W'.charCodeAt(0);
    writeFileSync(join(dir, 'c-edited.ndjson'), other);
    const query = ['--query', 'process where true', '--all'];
    const once = scan([...query, fixture('process.ndjson')]);
    const folder = scan([...query, join(dir, 'a.ndjson'), join(dir, 'b-copy.ndjson')]);
    const named = scan([...query, fixture('process.ndjson'), fixture('process.ndjson')]);
    const edited = scan([...query, join(dir, 'a.ndjson'), join(dir, 'c-edited.ndjson')]);
    rmSync(dir, { recursive: true });
    expect(once.results.length).toBeGreaterThan(0);
    expect(folder.results).toEqual(once.results);
    expect(folder.stderr).toContain(
      `${join(dir, 'b-copy.ndjson')}: the same bytes as ${join(dir, 'a.ndjson')}: skipped`,
    );
    expect(named.results).toEqual(once.results);
    // Read, not skipped; of its records only the edited one is new (the others count once).
    expect(edited.stderr).not.toContain('skipped');
    expect(edited.results).toHaveLength(once.results.length + 1);
    expect(edited.stderr).toContain(
      `${join(dir, 'c-edited.ndjson')}: of the events rules match, ${once.results.length - 1} were read already`,
    );
  });

  it('still fires at exactly 30 s: maxspan is inclusive', () => {
    const r = scan([
      '--rules',
      'builtin',
      fixture('network.ndjson'),
      fixture('process-30s.ndjson'),
    ]);
    expect(r.results).toHaveLength(1);
  });

  it.each([
    ['31 s later', 'network.ndjson', 'process-31s.ndjson'],
    ['a loopback source', 'network-loopback.ndjson', 'process.ndjson'],
    ['a conhost.exe child', 'network.ndjson', 'process-conhost.ndjson'],
    ['another host', 'network.ndjson', 'process-other-host.ndjson'],
  ])('stays silent for %s', (_why, network, process) => {
    const r = scan(['--rules', 'builtin', fixture(network), fixture(process)]);
    expect(r.code).toBe(0);
    expect(r.results).toEqual([]);
  });
});

describe('sequent scan options', () => {
  const both = [fixture('network.ndjson'), fixture('process.ndjson')];

  it('runs an event query and returns events in time order across files', () => {
    const r = scan(['--query', 'any where true', '--size', '100', ...both]);
    const times = r.results.map((x) => x.events[0]['@timestamp']);
    expect(times).toHaveLength(6);
    expect([...times].sort()).toEqual(times);
    expect(r.results[0].rule).toBeUndefined();
  });

  it('prints a missing-event slot as {"missing": true}', () => {
    const r = scan([
      '--query',
      'sequence by host.id with maxspan=1m [network where destination.port == 5985] ![process where process.name == "x.exe"] [process where process.parent.name == "winrshost.exe"]',
      ...both,
    ]);
    expect(r.results).toHaveLength(1);
    expect(r.results[0].events[1]).toEqual({ missing: true });
    expect(r.results[0].events[2].process.name).toBe('cmd.exe');
  });

  it('caps at --size and says on stderr how many more were found', () => {
    const r = scan(['--query', 'any where true', '--size', '2', ...both]);
    expect(r.results).toHaveLength(2);
    expect(r.stderr).toMatch(/4 more result\(s\) found beyond --size 2/);
    expect(
      scan(['--query', 'any where true', '--size', '2', '--all', ...both]).results,
    ).toHaveLength(6);
  });

  it('prints one stats line on stderr with --stats', () => {
    const r = scan(['--query', 'process where true', '--stats', ...both]);
    const stats = JSON.parse(r.stderr.trim().split('\n').pop()!);
    expect(stats.events).toBe(6);
    expect(stats.bytes).toBeGreaterThan(1000);
    expect(Object.keys(stats)).toEqual([
      'events',
      'bytes',
      'seconds',
      'eventsPerSecond',
      'threads',
      'duplicates',
      'peakRssBytes',
      'plan',
    ]);
    // Two small files: read on this thread alone.
    expect(stats.threads).toBe(1);
    expect(stats.peakRssBytes).toBeGreaterThan(1e6);
    expect(stats.plan.stagesPerEvent.mean).toBeGreaterThan(0);
  });

  it('counts events it cannot order, per file, instead of dropping them silently', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-scan-'));
    const file = join(dir, 'untimed.ndjson');
    // Synthetic: one process start without any @timestamp, one with a garbled one.
    writeFileSync(
      file,
      [
        { event: { category: ['process'], type: ['start'] }, process: { name: 'a.exe' } },
        { '@timestamp': 'yesterday', event: { category: ['process'] }, process: { name: 'b.exe' } },
        {
          '@timestamp': '2024-03-05T10:00:00Z',
          event: { category: ['process'] },
          process: { name: 'c.exe' },
        },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
    const r = scan(['--query', 'process where true', file]);
    rmSync(dir, { recursive: true });
    expect(r.results.map((x) => x.events[0].process.name)).toEqual(['c.exe']);
    expect(r.stderr).toMatch(
      /untimed\.ndjson: 2 event\(s\) without a usable timestamp; 2 of them matched/,
    );
  });

  it('stops a rule past --budget with a message naming it and its stage; the others finish', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-scan-'));
    const rules = join(dir, 'rules.ndjson');
    // Synthetic rules: one that matches everything, and the WinRM query under another id.
    const rule = (id: string, name: string, query: string) =>
      JSON.stringify({
        rule_id: id,
        name,
        type: 'eql',
        language: 'eql',
        query,
        severity: 'low',
        risk_score: 21,
      });
    writeFileSync(
      rules,
      [
        rule('greedy-1', 'Greedy', 'sequence [any where true] [any where true]'),
        rule('winrm-copy', 'WinRM copy', WINRM_QUERY),
      ].join('\n'),
    );
    const r = scan(['--rules', rules, '--budget', '4', ...both]);
    rmSync(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /rule "Greedy \(greedy-1\)" stopped: more than 4 candidate events.*stage 1 \[any where true\]/,
    );
    expect(r.results.map((x) => x.rule.id)).toEqual(['winrm-copy']);
  });

  it("honours --max-samples-per-key, and a rule's max_samples_per_key when the flag is absent", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-scan-'));
    // Synthetic: on win10 three alert_1 and one alert_2, so two samples share the alert_2.
    const events = join(dir, 'alerts.ndjson');
    const alert = (id: number, category: string) =>
      JSON.stringify({ id, event: { category: [category] }, host: { os: { name: 'win10' } } });
    writeFileSync(
      events,
      [alert(1, 'alert_1'), alert(2, 'alert_1'), alert(3, 'alert_2'), alert(4, 'alert_1')].join(
        '\n',
      ),
    );
    const query = 'sample by host.os.name [alert_1 where true] [alert_2 where true]';
    const ids = (r: ReturnType<typeof scan>) =>
      r.results.map((x) => x.events.map((e: { id: number }) => e.id));
    expect(ids(scan(['--query', query, events]))).toEqual([[1, 3]]);
    expect(ids(scan(['--query', query, '--max-samples-per-key', '2', events]))).toEqual([
      [1, 3],
      [2, 3],
    ]);
    const rules = join(dir, 'rules.ndjson');
    writeFileSync(
      rules,
      JSON.stringify({
        rule_id: 'samples-3',
        name: 'Three samples',
        type: 'eql',
        language: 'eql',
        query,
        severity: 'low',
        risk_score: 21,
        max_samples_per_key: 3,
      }),
    );
    expect(ids(scan(['--rules', rules, events]))).toEqual([
      [1, 3],
      [2, 3],
      [4, 3],
    ]);
    expect(ids(scan(['--rules', rules, '--max-samples-per-key', '1', events]))).toEqual([[1, 3]]);
    expect(scan(['--query', query, '--max-samples-per-key', '0', events]).code).toBe(2);
    rmSync(dir, { recursive: true });
  });

  it('names a field no scanned event has, with the closest known names, when nothing matched', () => {
    const r = scan(['--query', 'process where proces.nme == "cmd.exe"', ...both]);
    expect(r.code).toBe(0);
    expect(r.results).toEqual([]);
    expect(r.stderr).toContain(
      'no alerts: query — 0 events: the session has no field `proces.nme` (did you mean `process.name`?)',
    );
    // A silent query whose fields all exist keeps the per-stage hint.
    const known = scan(['--query', 'process where process.name == "nothing.exe"', ...both]);
    expect(known.stderr).toMatch(/no alerts: query — stage 1/);
    expect(known.stderr).not.toMatch(/has no field/);
  });

  it('reports a query error with its position and exits 1', () => {
    const r = scan(['--query', 'sequence [process where ] [network where true]', ...both]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--query:.*\d/);
  });

  it('rejects bad usage with exit 2', () => {
    expect(scan([...both]).code).toBe(2);
    expect(scan(['--query', 'any where true']).code).toBe(2);
    expect(scan(['--query', 'any where true', '--size', 'ten', ...both]).code).toBe(2);
  });
});
