// A KQL rule whose query does not parse is reported at the file, line and column of the
// mistake, like an EQL one (synthetic rules written here).
import { describe, expect, it } from 'vitest';
import { importRules, ruleQueryChecker } from '../../src/rules/index.ts';

const checkQuery = ruleQueryChecker();

describe('KQL query errors on import', () => {
  it('point into the TOML file', () => {
    const text = [
      '[metadata]',
      'creation_date = "2024/01/01"',
      '',
      '[rule]',
      'name = "Broken KQL"',
      'type = "query"',
      'language = "kuery"',
      "query = '''",
      'event.category:process and',
      '  process.name:(cmd.exe or',
      "'''",
    ].join('\n');
    const [error] = importRules([{ name: 'broken.toml', text }], { checkQuery }).errors;
    expect(error).toMatchObject({
      file: 'broken.toml',
      line: 11,
      column: 1,
      queryLine: 3,
      name: 'Broken KQL',
    });
    expect(error.message).toBe('expected a value');
  });

  it('point into a Kibana export line, and name a threshold rule over a sequence', () => {
    const rules = [
      { rule_id: 'a', name: 'A', type: 'query', language: 'kuery', query: 'a:1 b:2' },
      {
        rule_id: 'b',
        name: 'B',
        type: 'threshold',
        language: 'eql',
        query: 'sequence [process where true] [file where true]',
        threshold: { field: [], value: 2 },
      },
    ];
    const text = rules.map((r) => JSON.stringify(r)).join('\n');
    const report = importRules([{ name: 'export.ndjson', text }], { checkQuery });
    expect(report.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, 6, "unexpected ':': expected 'and', 'or' or the end of the query"],
      [2, 1, 'a threshold rule needs an event query; this one is a sequence query'],
    ]);
  });
});
