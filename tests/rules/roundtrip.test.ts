import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinRules,
  importRules,
  rulesToKibanaNdjson,
  rulesToToml,
  type Rule,
} from '../../src/rules/index.ts';
import { fixture } from './fixtures.ts';

// An import stamps where the rule came from; everything else must come back unchanged.
const portable = (rule: Rule): Rule => {
  const copy = structuredClone(rule);
  delete copy.sourceFile;
  copy.origin = 'imported';
  return copy;
};

const viaToml = (rules: Rule[]) => importRules(rulesToToml(rules));
const viaNdjson = (rules: Rule[]) =>
  importRules([{ name: 'export.ndjson', text: rulesToKibanaNdjson(rules) }]);

const text = fc.string({ maxLength: 40 });
const ref = fc.record({ id: text, name: text, reference: text });
const arbitraryRule: fc.Arbitrary<Rule> = fc.record(
  {
    id: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 40 }),
    description: fc.string({ maxLength: 200, unit: 'grapheme' }),
    type: fc.constantFrom('eql', 'query', 'threshold', 'esql', 'new_terms'),
    language: fc.constantFrom('eql', 'kuery', 'esql'),
    query: fc.string({ maxLength: 200, unit: 'binary' }),
    severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
    risk_score: fc.integer({ min: 0, max: 100 }),
    tags: fc.array(text, { maxLength: 4 }),
    threat: fc.array(
      fc.record(
        {
          framework: fc.constant('MITRE ATT&CK'),
          tactic: ref,
          technique: fc.array(
            fc.record(
              { id: text, name: text, reference: text, subtechnique: fc.array(ref) },
              {
                requiredKeys: ['id', 'name', 'reference'],
              },
            ),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: ['framework', 'tactic'] },
      ),
      { maxLength: 2 },
    ),
    false_positives: fc.array(fc.string({ maxLength: 80 }), { maxLength: 2 }),
    note: fc.string({ maxLength: 100 }),
    references: fc.array(text, { maxLength: 2 }),
    author: fc.array(text, { maxLength: 2 }),
    license: text,
    version: fc.integer({ min: 1, max: 200 }),
    interval: fc.constantFrom('5m', '1h'),
    from: fc.constantFrom('now-9m', 'now-6m'),
    max_signals: fc.integer({ min: 1, max: 1000 }),
    index: fc.array(text, { maxLength: 3 }),
    timestamp_override: text,
    event_category_override: text,
    tiebreaker_field: text,
    origin: fc.constant('imported' as const),
    enabled: fc.boolean(),
    metadata: fc.record({ maturity: text, creation_date: text }),
    extra: fc.record({ setup: text, building_block_type: text }),
  },
  {
    requiredKeys: [
      'id',
      'name',
      'description',
      'type',
      'severity',
      'risk_score',
      'tags',
      'threat',
      'false_positives',
      'references',
      'author',
      'origin',
      'enabled',
    ],
  },
);

describe('export then import gives the same rules back', () => {
  it('for the built-in rules, as TOML and as Kibana NDJSON', () => {
    const rules = builtinRules();
    for (const report of [viaToml(rules), viaNdjson(rules)]) {
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
      expect(report.rules.map(portable)).toEqual(rules.map(portable));
    }
  });

  it('for imported fixtures, keeping metadata, unmodelled fields and unsupported types', () => {
    const first = importRules(
      ['eql_sequence.toml', 'kql_query.toml', 'folder/threshold_rule.toml'].map(fixture),
    );
    const rules = first.entries.map((e) => (e.status === 'error' ? null : e.rule));
    expect(rules).not.toContain(null);
    const all = rules as Rule[];
    for (const report of [viaToml(all), viaNdjson(all)]) {
      const back = report.entries.map((e) => (e.status === 'error' ? e : portable(e.rule)));
      expect(back).toEqual(all.map(portable));
    }
  });

  it('keeps nested detection-rules tables (required_fields, alert_suppression) through TOML', () => {
    const text = [
      '[metadata]',
      'maturity = "production"',
      '',
      '[rule]',
      'rule_id = "nested"',
      'name = "Nested"',
      'type = "eql"',
      'language = "eql"',
      'severity = "low"',
      'risk_score = 21',
      "query = '''",
      'process where true',
      "'''",
      '',
      '[[rule.required_fields]]',
      'name = "process.name"',
      'type = "keyword"',
      'ecs = true',
      '',
      '[rule.alert_suppression]',
      'group_by = ["host.id"]',
      'missing_fields_strategy = "suppress"',
      '',
    ].join('\n');
    const [rule] = importRules([{ name: 'nested.toml', text }]).rules;
    expect(rule.extra).toEqual({
      required_fields: [{ name: 'process.name', type: 'keyword', ecs: true }],
      alert_suppression: { group_by: ['host.id'], missing_fields_strategy: 'suppress' },
    });
    expect(rule.query).toBe('process where true\n');
    for (const report of [viaToml([rule]), viaNdjson([rule])]) {
      expect(report.rules.map(portable)).toEqual([portable(rule)]);
    }
  });

  it('writes the query as a readable multi-line literal in TOML', () => {
    const [file] = rulesToToml([builtinRules()[0]]);
    expect(file.text).toContain("query = '''\nsequence by host.id with maxspan=30s [network");
    expect(file.text.startsWith('[metadata]\ncreation_date = "2020/11/24"\n')).toBe(true);
    // A rule without metadata still gets the [metadata] table, empty.
    const [own] = rulesToToml([builtinRules()[1]]);
    expect(own.text.startsWith('[metadata]\n\n[rule]\n')).toBe(true);
    expect(file.name).toMatch(/^incoming_execution_via_winrm_remote_shell_1cd01db9\.toml$/);
  });

  it('ends a Kibana export with the summary line Kibana writes', () => {
    const lines = rulesToKibanaNdjson(builtinRules()).trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({
      exported_count: 2,
      exported_rules_count: 2,
    });
  });

  it('for arbitrary rules (property), both formats', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRule, { minLength: 1, maxLength: 3 }), (rules) => {
        for (const report of [viaToml(rules), viaNdjson(rules)]) {
          // An EQL rule without a query comes back as an error that still carries the rule.
          const back = report.entries.map((e) => (e.rule ? portable(e.rule) : e));
          expect(back).toEqual(rules.map(portable));
        }
      }),
      { numRuns: 150 },
    );
  });
});
