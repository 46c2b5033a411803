import { describe, expect, it } from 'vitest';
import { importRules } from '../../src/rules/index.ts';
import { fixture } from './fixtures.ts';

describe('importing a Kibana rule export (NDJSON)', () => {
  const report = importRules([fixture('kibana_export.ndjson')]);

  it('reads the EQL rule and drops Kibana bookkeeping', () => {
    expect(report.rules.map((r) => r.type)).toEqual(['eql', 'threshold']);
    const [rule] = report.rules;
    expect(rule).toMatchObject({
      id: '00000000-0000-4000-8000-000000000011',
      name: 'Synthetic Kibana EQL Rule',
      enabled: false,
      version: 3,
      severity: 'high',
      risk_score: 73,
      references: ['https://example.invalid/synthetic'],
    });
    expect(rule.extra).toEqual({
      actions: [],
      exceptions_list: [],
      output_index: '',
      meta: { from: '1m' },
    });
    expect(rule.threat[0].technique).toEqual([]);
    expect(report.entries[0]).toMatchObject({ status: 'ok', line: 1 });
  });

  it('reads the threshold rule with its settings, and lists the ML rule as cannot run, by line', () => {
    expect(report.entries[1]).toMatchObject({ status: 'ok', line: 2 });
    expect(report.rules[1].threshold).toEqual({ field: ['user.name'], value: 10 });
    expect(report.unsupported.map((u) => [u.line, u.name, u.type])).toEqual([
      [3, 'Synthetic Kibana ML Rule', 'machine_learning'],
    ]);
    expect(report.unsupported[0].reason).toMatch(/machine learning/);
  });

  it('skips the exception list and the export summary, saying so', () => {
    expect(report.skipped).toEqual([
      { file: 'kibana_export.ndjson', line: 4, reason: 'exception list, not a rule' },
      { file: 'kibana_export.ndjson', line: 5, reason: 'Kibana export summary' },
    ]);
    expect(report.errors).toEqual([]);
  });

  it('reports a line that is not JSON by its line number, and reads the rest', () => {
    const text = [
      '{"rule_id":"r1","name":"One","type":"eql","query":"process where true","severity":"low","risk_score":1}',
      '',
      '{"rule_id":"r2","name":"Two",',
      '["not", "a", "rule"]',
      '{"rule_id":"r3","type":"eql"}',
    ].join('\n');
    const r = importRules([{ name: 'export.ndjson', text }]);
    expect(r.rules.map((x) => x.id)).toEqual(['r1']);
    expect(r.errors.map((e) => [e.line, e.message.split(':')[0]])).toEqual([
      [3, 'not JSON'],
      [4, 'expected a rule object'],
      [5, "missing 'name'"],
    ]);
  });

  it('reads a single rule saved as .json, and an array of rules', () => {
    const one = { rule_id: 'j1', name: 'J', type: 'esql', language: 'esql', query: 'from x' };
    expect(
      importRules([{ name: 'r.json', text: JSON.stringify(one, null, 2) }]).unsupported[0],
    ).toMatchObject({ name: 'J', type: 'esql' });
    const two = [one, { ...one, rule_id: 'j2', type: 'eql', language: 'eql' }];
    const r = importRules([{ name: 'rules.json', text: JSON.stringify(two) }]);
    expect([r.unsupported.length, r.rules.length]).toEqual([1, 1]);
  });

  it('skips JSON that is not a rule when asked to skip non-rules, but keeps rules', () => {
    const pkg = { name: 'pkg', type: 'module', description: 'not a rule' };
    const rule = { rule_id: 'r', name: 'R', type: 'eql', query: 'process where true' };
    const lenient = importRules(
      [
        { name: 'package.json', text: JSON.stringify(pkg) },
        { name: 'rule.json', text: JSON.stringify(rule) },
      ],
      { skipNonRules: true },
    );
    expect(lenient.skipped.map((s) => s.file)).toEqual(['package.json']);
    expect(lenient.rules.map((r) => r.id)).toEqual(['r']);
    // Named explicitly, the same file is read as a rule of an unknown type: never dropped.
    const strict = importRules([{ name: 'package.json', text: JSON.stringify(pkg) }]);
    expect(strict.unsupported.map((u) => u.type)).toEqual(['module']);
  });

  it('sniffs NDJSON when the file has no telling extension', () => {
    const r = importRules([{ name: 'export', text: fixture('kibana_export.ndjson').text }]);
    expect(r.rules.length + r.unsupported.length).toBe(3);
  });
});
