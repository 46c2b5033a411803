// `sequent scan` says why a rule stayed silent: the default one-line hint and --explain, on
// the synthetic WinRM fixtures (tests/fixtures/engine/winrm, labelled synthetic) and on the
// real OTRF recording, whose counts /work/shared/README.md gives independently.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedValues } from '../../src/cli/scan-explain.ts';
import { buildCli, root, samples, samplesUnavailable } from './built-cli.ts';

let bin = '';
let built = '';

const missing = samplesUnavailable();
if (missing) console.warn(`skipping real-data explain tests: ${missing}`);

const fixture = (name: string) => `${root}tests/fixtures/engine/winrm/${name}`;
const empire = () => `${samples}otrf/empire_psremoting_stager.ndjson`;
const ELASTIC = 'Incoming Execution via WinRM Remote Shell (1cd01db9-be24-4bef-8e7c-e923f0ff78ab)';
const SEQUENT = 'Incoming Execution via WinRM Remote Shell (Sysmon / Security logs)';

function scan(args: string[]) {
  const r = spawnSync('node', [bin, 'scan', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The --explain block of one rule: from its header to the next header. */
function block(stderr: string, label: string): string {
  const start = stderr.indexOf(`explain: ${label}`);
  expect(start, stderr).toBeGreaterThanOrEqual(0);
  const next = stderr.indexOf('\nexplain: ', start + 1);
  return stderr.slice(start, next < 0 ? undefined : next);
}

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
}, 120_000);
afterAll(() => {
  if (built) rmSync(built, { recursive: true, force: true });
});

describe('default hint for silent rules', () => {
  it('names the stage that never matched and the maxspan rejection', () => {
    const r = scan([
      '--rules',
      'builtin',
      fixture('network.ndjson'),
      fixture('process-31s.ndjson'),
    ]);
    expect(r.stdout).toBe('');
    const hint = r.stderr.split('\n').find((l) => l.includes(`no alerts: ${ELASTIC}`));
    expect(hint).toBe(
      `sequent scan: no alerts: ${ELASTIC} — stage 1 matched 1 event on 1 host, ` +
        'stage 2 matched 1 event on 1 host; sequences rejected: 1 past maxspan (--explain for details)',
    );
  });

  it('says which stage never matched when the connection came from loopback', () => {
    const r = scan([
      '--rules',
      'builtin',
      fixture('network-loopback.ndjson'),
      fixture('process.ndjson'),
    ]);
    expect(r.stderr).toContain(
      `no alerts: ${ELASTIC} — stage 1 never, stage 2 matched 1 event on 1 host (--explain`,
    );
  });

  it('prints no hint for a rule that fired', () => {
    const r = scan(['--rules', 'builtin', fixture('network.ndjson'), fixture('process.ndjson')]);
    expect(r.stdout).toContain('1cd01db9-be24-4bef-8e7c-e923f0ff78ab');
    expect(r.stderr).not.toContain(`no alerts: ${ELASTIC}`);
  });
});

describe('--explain on the synthetic fixtures', () => {
  it('counts the near misses of the loopback connection per conjunct', () => {
    const r = scan([
      '--explain',
      '--rules',
      'builtin',
      fixture('network-loopback.ndjson'),
      fixture('process.ndjson'),
    ]);
    const b = block(r.stderr, ELASTIC);
    expect(b).toContain(`${ELASTIC}: 0 alerts`);
    // The file holds 3 network events; only the loopback one is on port 5985.
    expect(b).toContain('near miss: `source.ip != "127.0.0.1"` held for 2 of 3 network events');
    expect(b).toContain(
      'near miss: `destination.port in (5985, 5986)` held for 1 of 3 network events',
    );
    // Hints are replaced by the full report.
    expect(r.stderr).not.toContain('no alerts:');
  });

  it('reports the sequence the maxspan rejected and the hosts per stage', () => {
    const r = scan([
      '--explain',
      '--rules',
      'builtin',
      fixture('network.ndjson'),
      fixture('process-31s.ndjson'),
    ]);
    const b = block(r.stderr, ELASTIC);
    expect(b).toContain('rejected 1 by maxspan, 0 by until');
    expect(b.match(/matched 1 event, 1 distinct key, 1 host \(ws-fin-07\)/g)).toHaveLength(2);
  });

  it('reports a fired rule with its alert count', () => {
    const r = scan([
      '--explain',
      '--rules',
      'builtin',
      fixture('network.ndjson'),
      fixture('process.ndjson'),
    ]);
    expect(block(r.stderr, ELASTIC)).toContain(`${ELASTIC}: 1 alert\n`);
    expect(block(r.stderr, ELASTIC)).toContain('1 started, 1 completed');
  });

  it('keeps the --stats line last, after the report', () => {
    const r = scan(['--explain', '--stats', '--rules', 'builtin', fixture('network.ndjson')]);
    const lines = r.stderr.trim().split('\n');
    expect(JSON.parse(lines.pop()!).events).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith(`explain: ${ELASTIC}: 0 alerts`))).toBe(true);
  });

  it('explains a --query too', () => {
    const r = scan([
      '--explain',
      '--query',
      'process where process.name == "nothing-like-this.exe"',
      fixture('process.ndjson'),
    ]);
    expect(r.stderr).toContain('explain: query: 0 alerts');
    expect(r.stderr).toMatch(/`process\.name` is never "nothing-like-this\.exe" \(seen: /);
  });
});

describe.skipIf(missing !== null)('--explain on the real empire recording', () => {
  it('counts the 3 incoming 5985 connections, each logged by Sysmon 3 and Security 5156', () => {
    const r = scan(['--rules', 'builtin', empire()]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `no alerts: ${SEQUENT} (a3f6c2d8-5b1e-4c7a-9e20-53e9c0de7001) — stage 1 matched 6 events on 1 host, stage 2 never`,
    );
    expect(r.stderr).toContain(`no alerts: ${ELASTIC} — stage 1 never, stage 2 never`);
  });

  it('says that network.protocol is never "http" and no parent is winrshost.exe', () => {
    const r = scan(['--explain', '--rules', 'builtin', empire()]);
    const elastic = block(r.stderr, ELASTIC);
    expect(elastic).toMatch(/near miss: `network\.protocol == "http"` held for 0 of \d+ network/);
    expect(elastic).toMatch(/data: `network\.protocol` is never "http" \(seen: [^)]*\)/);
    expect(elastic).toMatch(
      /data: `process\.parent\.name` is never "winrshost\.exe" \(seen: .*"wsmprovhost\.exe"/,
    );
    const sequent = block(r.stderr, SEQUENT);
    expect(sequent).toMatch(/matched 6 events, 1 distinct key, 1 host \(workstation6/);
    expect(sequent).toContain('6 started, 0 completed');
  });
});

describe('expectedValues', () => {
  it('takes the literals of equality, `:` and `in` conjuncts, and leaves wildcards and negations out', () => {
    expect(
      expectedValues([
        'network.protocol == "http"',
        'destination.port in (5985, 5986)',
        'network.direction : ("incoming", "ingress")',
        'process.name : "win*.exe"',
        'not process.name : "conhost.exe"',
        'source.ip != "127.0.0.1"',
        'process.command_line : "say \\"hi\\""',
      ]),
    ).toEqual({
      'network.protocol': ['http'],
      'destination.port': [5985, 5986],
      'network.direction': ['incoming', 'ingress'],
      'process.command_line': ['say "hi"'],
    });
  });
});
