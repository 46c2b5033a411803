import { describe, expect, it } from 'vitest';
import { importRules, type ImportError } from '../../src/rules/index.ts';
import { fixture } from './fixtures.ts';

describe('importing detection-rules TOML', () => {
  it('reads an EQL rule with metadata, threat tree and unmodelled fields', () => {
    const report = importRules([fixture('eql_sequence.toml')]);
    expect(report.errors).toEqual([]);
    expect(report.rules).toHaveLength(1);
    const [rule] = report.rules;
    expect(rule).toMatchObject({
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Synthetic Logon Then Shell',
      type: 'eql',
      language: 'eql',
      severity: 'low',
      risk_score: 21,
      from: 'now-9m',
      timestamp_override: 'event.ingested',
      origin: 'imported',
      enabled: true,
      sourceFile: 'eql_sequence.toml',
    });
    expect(rule.query.startsWith('sequence by host.id with maxspan=1m\n')).toBe(true);
    expect(rule.metadata).toEqual({
      creation_date: '2024/01/15',
      maturity: 'production',
      updated_date: '2024/02/01',
    });
    expect(rule.extra).toEqual({ setup: 'Synthetic setup notes kept for export.' });
    expect(rule.threat[0].tactic.id).toBe('TA0002');
    expect(rule.threat[0].technique?.[0].subtechnique?.map((s) => s.id)).toEqual([
      'T1059.001',
      'T1059.003',
    ]);
    expect(report.entries[0]).toMatchObject({ status: 'ok', line: 7 });
  });

  it('reads a KQL rule and a threshold rule as runnable, keeping the TOML threshold table', () => {
    const report = importRules([fixture('kql_query.toml'), fixture('folder/threshold_rule.toml')]);
    expect(report.unsupported).toEqual([]);
    expect(report.rules.map((r) => [r.name, r.type, r.language, r.sourceFile])).toEqual([
      ['Synthetic KQL Service Install', 'query', 'kuery', 'kql_query.toml'],
      ['Synthetic Many Failed Logons', 'threshold', 'kuery', 'folder/threshold_rule.toml'],
    ]);
    expect(report.rules[1].threshold).toEqual({ field: ['source.ip'], value: 20 });
    expect(report.rules[1].extra).toEqual({ threshold: { field: ['source.ip'], value: 20 } });
  });

  it('reports invalid TOML with the file and line, and keeps going', () => {
    const report = importRules([fixture('bad_syntax.toml'), fixture('kql_query.toml')]);
    expect(report.errors).toHaveLength(1);
    const [error] = report.errors;
    expect(error.file).toBe('bad_syntax.toml');
    expect(error.line).toBe(6);
    expect(error.message).toMatch(/^TOML: /);
    expect(report.rules).toHaveLength(1);
  });

  it('reports a file without a [rule] table', () => {
    const report = importRules([{ name: 'x.toml', text: '[metadata]\nmaturity = "x"\n' }]);
    expect(report.errors).toEqual([
      { status: 'error', file: 'x.toml', line: 1, message: 'no [rule] table: not a rule file' },
    ]);
  });

  it('lists a file without [rule] as skipped when asked to skip non-rules', () => {
    const report = importRules([{ name: 'pyproject.toml', text: '[project]\nname = "x"\n' }], {
      skipNonRules: true,
    });
    expect(report.entries).toEqual([]);
    expect(report.skipped).toEqual([
      { file: 'pyproject.toml', line: 1, reason: 'no [rule] table: not a rule file' },
    ]);
  });

  it('reports wrongly typed fields at the [rule] line with the rule name', () => {
    const text = '# c\n\n[rule]\nname = "Typed"\ntype = "eql"\nquery = "x"\ntags = "one"\n';
    const report = importRules([{ name: 't.toml', text }]);
    expect(report.errors).toEqual([
      {
        status: 'error',
        file: 't.toml',
        line: 3,
        name: 'Typed',
        message: "[rule] 'tags' must be a list of strings",
      },
    ]);
  });

  it('reports a rule without name or type', () => {
    const report = importRules([{ name: 'n.toml', text: '[rule]\ntype = "eql"\n' }]);
    expect(report.errors[0].message).toBe("[rule] missing 'name'");
  });

  it('fills rule_id, severity and risk score when missing, with warnings', () => {
    const text = '[rule]\nname = "Bare"\ntype = "eql"\nquery = "process where true"\n';
    const a = importRules([{ name: 'a.toml', text }]);
    const b = importRules([{ name: 'a.toml', text }]);
    expect(a.rules[0].id).toMatch(/^imported:[0-9a-f]{8}$/);
    expect(a.rules[0].id).toBe(b.rules[0].id);
    expect(a.rules[0]).toMatchObject({ severity: 'low', risk_score: 21 });
    expect(a.warnings.map((w) => w.message)).toEqual([
      `no rule_id; using ${a.rules[0].id}`,
      'no severity; assuming low',
      'no risk_score; assuming 21',
    ]);
  });

  it('reports an EQL rule without a query as an error, not as runnable', () => {
    const report = importRules([{ name: 'q.toml', text: '[rule]\nname = "Q"\ntype = "eql"\n' }]);
    expect(report.errors[0]).toMatchObject({ name: 'Q', message: 'EQL rule has no query' });
  });

  it('reports an EQL-typed rule in another language as invalid', () => {
    const text = '[rule]\nname = "L"\ntype = "eql"\nlanguage = "kuery"\nquery = "a:b"\n';
    expect(importRules([{ name: 'l.toml', text }]).errors[0].message).toBe(
      "EQL rule written in 'kuery'",
    );
  });

  it('tolerates a byte-order mark and CRLF line ends', () => {
    const text = '\ufeff' + fixture('eql_sequence.toml').text.replace(/\n/g, '\r\n');
    const report = importRules([{ name: 'crlf.toml', text }]);
    expect(report.errors).toEqual([]);
    expect(report.rules[0].name).toBe('Synthetic Logon Then Shell');
  });

  it('places every rule in exactly one outcome', () => {
    const files = [
      'eql_sequence.toml',
      'kql_query.toml',
      'broken_eql.toml',
      'bad_syntax.toml',
      'folder/threshold_rule.toml',
      'folder/nested/process_rule.toml',
    ].map(fixture);
    const report = importRules(files);
    expect(report.entries).toHaveLength(files.length);
    expect(report.rules.length + report.unsupported.length + report.errors.length).toBe(
      files.length,
    );
    expect(report.entries.map((e) => e.file)).toEqual(files.map((f) => f.name));
    const failed = report.errors.map((e: ImportError) => e.file);
    // Without a query checker the broken query is only known to be EQL.
    expect(failed).toEqual(['bad_syntax.toml']);
  });
});
