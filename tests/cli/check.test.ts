import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.ts';
import { buildCli } from './built-cli.ts';
import {
  builtinRules,
  rulesToKibanaNdjson,
  rulesToToml,
  ruleQueryChecker,
} from '../../src/rules/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'tests/fixtures/rules');
const relative = 'tests/fixtures/rules';
const checker = ruleQueryChecker();

function check(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCheck(args, checker, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('sequent check (in process, real EQL and KQL compilers)', () => {
  it('walks a folder recursively, one line per rule, then the summary', () => {
    const { code, out } = check([fixtures]);
    expect(out.split('\n').filter((l) => /^(ok |cannot run here: |error )/.test(l))).toEqual([
      `error  ${fixtures}/bad_syntax.toml:6:38  TOML: Invalid TOML document: control characters are not allowed in strings`,
      `error  ${fixtures}/broken_eql.toml:14:3  Synthetic Broken Sequence: 3:3: expected ']' to close the stage opened at 2:3, found '['`,
      `ok  ${fixtures}/eql_sequence.toml  Synthetic Logon Then Shell`,
      `ok  ${fixtures}/folder/nested/process_rule.toml  Synthetic Whoami Execution`,
      `ok  ${fixtures}/folder/threshold_rule.toml  Synthetic Many Failed Logons`,
      `ok  ${fixtures}/kibana_export.ndjson  Synthetic Kibana EQL Rule`,
      `ok  ${fixtures}/kibana_export.ndjson  Synthetic Kibana Threshold Rule`,
      `cannot run here: machine_learning  ${fixtures}/kibana_export.ndjson  Synthetic Kibana ML Rule  (machine learning rules read the anomaly results of an Elastic ML job; a log file has none)`,
      `ok  ${fixtures}/kql_query.toml  Synthetic KQL Service Install`,
    ]);
    const summary = out.trimEnd().split('\n').slice(-6);
    expect(summary).toEqual([
      'eql               4 rules: 3 ok, 0 cannot run here, 1 failed',
      'threshold         2 rules: 2 ok, 0 cannot run here, 0 failed',
      'unknown           1 rule: 0 ok, 0 cannot run here, 1 failed',
      'machine_learning  1 rule: 0 ok, 1 cannot run here, 0 failed',
      'query             1 rule: 1 ok, 0 cannot run here, 0 failed',
      '9 rules: 6 ok, 1 cannot run here, 2 failed',
    ]);
    expect(code).toBe(1);
  });

  it('shows the offending query line with a caret under a query error', () => {
    const { out } = check([`${fixtures}/broken_eql.toml`]);
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('error'));
    expect(lines[at + 1]).toBe('      [process where process.parent.name : "winrshost.exe"]');
    expect(lines[at + 2]).toBe('      ^');
  });

  it('exits 0 when nothing fails, rules that cannot run here included', () => {
    const { code, out } = check([
      `${fixtures}/eql_sequence.toml`,
      `${fixtures}/kibana_export.ndjson`,
    ]);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').at(-1)).toBe('4 rules: 3 ok, 1 cannot run here, 0 failed');
  });

  it('prints only failures with --quiet', () => {
    const { out } = check(['--quiet', fixtures]);
    expect(
      out.split('\n').filter((l) => l.startsWith('ok') || l.startsWith('cannot run here')),
    ).toEqual([]);
    expect(out).toContain('2 failed');
  });

  it('reports a path that does not exist as a failure', () => {
    const { code, out } = check(['no/such/rules.toml']);
    expect(out).toContain('error  no/such/rules.toml  no such file or directory');
    expect(out).toContain('1 rule: 0 ok, 0 cannot run here, 1 failed');
    expect(code).toBe(1);
  });

  it('prints one JSON object with --json, outcomes matching the lines', () => {
    const { code, out } = check(['--json', fixtures, 'no/such.toml']);
    const parsed = JSON.parse(out);
    expect(parsed.summary).toMatchObject({ total: 10, ok: 6, unsupported: 1, failed: 3 });
    expect(parsed.summary.byType.threshold).toEqual({ total: 2, ok: 2, unsupported: 0, failed: 0 });
    expect(parsed.rules).toHaveLength(10);
    expect(parsed.rules[0]).toEqual({
      status: 'error',
      file: 'no/such.toml',
      message: 'no such file or directory',
    });
    const broken = parsed.rules.find((r: { file: string }) => r.file.endsWith('broken_eql.toml'));
    expect(broken).toMatchObject({
      status: 'error',
      line: 14,
      queryLine: 3,
      queryColumn: 3,
      id: '00000000-0000-4000-8000-000000000003',
      type: 'eql',
    });
    expect(parsed.skipped.map((s: { reason: string }) => s.reason)).toContain(
      'Kibana export summary',
    );
    expect(code).toBe(1);
  });

  it('refuses to run without paths or with unknown options (exit 2)', () => {
    expect(check([]).code).toBe(2);
    expect(check(['--frobnicate', fixtures]).code).toBe(2);
    expect(check(['--help']).out).toContain('usage: sequent check');
  });

  it('skips non-rule files found in a folder, but fails a non-rule file named explicitly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-check-'));
    try {
      writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "x"\n');
      writeFileSync(join(dir, 'package.json'), '{"name":"p","type":"module","description":"d"}');
      writeFileSync(join(dir, 'rule.toml'), readFileSync(join(fixtures, 'kql_query.toml')));
      const walked = check([dir]);
      expect(walked.out.trimEnd().split('\n').at(-1)).toBe(
        '1 rule: 1 ok, 0 cannot run here, 0 failed',
      );
      expect(walked.code).toBe(0);
      const named = check([join(dir, 'pyproject.toml')]);
      expect(named.out).toContain('pyproject.toml:1  no [rule] table: not a rule file');
      expect(named.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a zip of rules, reporting per type', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-check-'));
    try {
      const zip = zipSync({
        'r/kql.toml': readFileSync(join(fixtures, 'kql_query.toml')),
        'r/export.ndjson': readFileSync(join(fixtures, 'kibana_export.ndjson')),
      });
      writeFileSync(join(dir, 'rules.zip'), zip);
      const { code, out } = check([join(dir, 'rules.zip')]);
      expect(out.trimEnd().split('\n').slice(-5)).toEqual([
        'eql               1 rule: 1 ok, 0 cannot run here, 0 failed',
        'threshold         1 rule: 1 ok, 0 cannot run here, 0 failed',
        'machine_learning  1 rule: 0 ok, 1 cannot run here, 0 failed',
        'query             1 rule: 1 ok, 0 cannot run here, 0 failed',
        '4 rules: 3 ok, 1 cannot run here, 0 failed',
      ]);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the built-in rules, exported both ways', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-check-'));
    try {
      for (const f of rulesToToml(builtinRules())) writeFileSync(join(dir, f.name), f.text);
      writeFileSync(join(dir, 'export.ndjson'), rulesToKibanaNdjson(builtinRules()));
      const { code, out } = check([dir]);
      expect(out.trimEnd().split('\n').at(-1)).toBe('4 rules: 4 ok, 0 cannot run here, 0 failed');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sequent check (built CLI)', () => {
  let cli = { bin: '', dir: '' };
  beforeAll(() => {
    cli = buildCli();
  }, 120_000);
  afterAll(() => rmSync(cli.dir, { recursive: true, force: true }));

  it('runs from bin/sequent.mjs with the same output and exit code', () => {
    const result = spawnSync('node', [cli.bin, 'check', relative], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `ok  ${relative}/eql_sequence.toml  Synthetic Logon Then Shell`,
    );
    expect(result.stdout).toContain("3:3: expected ']'");
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '9 rules: 6 ok, 1 cannot run here, 2 failed',
    );
  });
});
