// `sequent normalize` as a user runs it: the built CLI on the synthetic fixtures.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, root } from './built-cli.ts';

let cli = { bin: '', dir: '' };
const fixture = (f: string) => fileURLToPath(new URL(`../fixtures/ingest/${f}`, import.meta.url));

function normalize(...args: string[]) {
  const r = spawnSync('node', [cli.bin, 'normalize', ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sequent normalize', () => {
  beforeAll(() => {
    cli = buildCli();
  }, 120_000);
  afterAll(() => rmSync(cli.dir, { recursive: true, force: true }));

  it('prints ECS NDJSON on stdout and the diagnostics on stderr', () => {
    const r = normalize(fixture('otrf-nxlog.ndjson'));
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => d.event.code)).toEqual(['3', '5156', '1', '4688']);
    expect(docs[0].destination.port).toBe(5985);
    expect(r.stderr).toMatch(/source: otrf-nxlog/);
    expect(r.stderr).toMatch(
      /records: 4 read, 4 mapped to ECS, 0 passed through unmapped, 0 skipped/,
    );
    expect(r.stderr).toMatch(/Security 5156/);
  });

  it('reads a raw .evtx (by content, not name) and says what it read', () => {
    const evtx = fileURLToPath(
      new URL(
        '../../../shared/samples/evtx-attack-samples/LM_winrm_exec_sysmon_1_winrshost.evtx',
        import.meta.url,
      ),
    );
    const r = normalize(evtx);
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => d.process.parent.name)).toContain('winrshost.exe');
    expect(r.stderr).toMatch(/: 68\.0 KiB, binary, evtx\n/);
    expect(r.stderr).toMatch(/evtx: 1 chunk and 3 records read; nothing damaged/);
    expect(r.stderr).toMatch(/no message text/);
  });

  it('--bulk INDEX prints Elasticsearch _bulk NDJSON', () => {
    const r = normalize('--bulk', 'sequent-case', fixture('event.xml'));
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) {
      expect(lines[i]).toEqual({ create: { _index: 'sequent-case' } });
      expect(lines[i + 1]['@timestamp']).toMatch(/^2020-09-20T21:09/);
    }
  });

  it('--json-diagnostics gives machine-readable diagnostics; a bad file fails, the others go on', () => {
    const r = normalize(
      '--json-diagnostics',
      fixture('velociraptor.json'),
      fixture('no-such-file.json'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).toMatch(/no-such-file\.json: cannot read/);
    const json = JSON.parse(r.stderr.slice(r.stderr.indexOf('[')));
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ source: 'velociraptor', records: { read: 4, skipped: 0 } });
  });

  it('warns about a default-depth PowerShell export', () => {
    const r = normalize(fixture('powershell-default-depth.json'));
    expect(r.stderr).toMatch(/warning: .*EventData is lost.*-Depth 4/);
    expect(r.stderr).toMatch(/0 mapped to ECS, 4 passed through/);
  });

  it('rejects usage errors with exit code 2', () => {
    expect(normalize().code).toBe(2);
    expect(normalize('--bulk').code).toBe(2);
    expect(normalize('--frobnicate', 'x').code).toBe(2);
  });
});
