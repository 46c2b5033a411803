import { describe, expect, it } from 'vitest';
import { EqlError, parse } from '../../src/eql/index.ts';
import { formatEntry, importRules, queryCheckerFrom } from '../../src/rules/index.ts';
import { fixture } from './fixtures.ts';

const checkQuery = queryCheckerFrom(parse);

describe('query errors point into the rule file', () => {
  it('maps a multi-line TOML query error to the file line and column', () => {
    const report = importRules([fixture('broken_eql.toml')], { checkQuery });
    expect(report.errors).toHaveLength(1);
    const [error] = report.errors;
    // The query starts on line 12; its third line is the file's line 14.
    expect(error).toMatchObject({
      file: 'broken_eql.toml',
      line: 14,
      column: 3,
      queryLine: 3,
      queryColumn: 3,
      name: 'Synthetic Broken Sequence',
    });
    expect(error.message).toMatch(/expected '\]'/);
    expect(error.rule?.id).toBe('00000000-0000-4000-8000-000000000003');
  });

  it('maps a one-line query error to the column after the opening quote', () => {
    const text = '[rule]\nname = "One"\ntype = "eql"\n  query = "process where and"\n';
    const [error] = importRules([{ name: 'one.toml', text }], { checkQuery }).errors;
    let expected: EqlError | undefined;
    try {
      parse('process where and');
    } catch (e) {
      expected = e as EqlError;
    }
    expect(expected).toBeInstanceOf(EqlError);
    expect(error).toMatchObject({ line: 4, queryLine: 1, queryColumn: expected?.column });
    expect(error.column).toBe('  query = "'.length + (expected?.column ?? 0));
  });

  it('finds the [rule] query, not a `query =` inside a multi-line string or another table', () => {
    const text = [
      '[rule]',
      'name = "Decoy lines"',
      'type = "eql"',
      'description = """',
      'query = "this is prose, not the query"',
      '"""',
      'false_positives = [',
      "    '''",
      '    query = still prose',
      "    ''',",
      ']',
      "query = '''",
      'process where and',
      "'''",
      '',
      '[rule.threshold]',
      'query = "not this either"',
    ].join('\n');
    const [error] = importRules([{ name: 'decoy.toml', text }], { checkQuery }).errors;
    expect(error).toMatchObject({ line: 13, queryLine: 1 });
  });

  it('keeps positions query-relative for Kibana exports, at the NDJSON line', () => {
    const bad = { rule_id: 'k', name: 'K', type: 'eql', query: 'sequence [process where true]' };
    const text = `{"exported_count":0}\n${JSON.stringify(bad)}\n`;
    const [error] = importRules([{ name: 'k.ndjson', text }], { checkQuery }).errors;
    expect(error).toMatchObject({ line: 2, queryLine: 1, name: 'K' });
    expect(formatEntry(error)).toMatch(/^error {2}k\.ndjson:2:\d+ {2}K: 1:\d+: /);
  });

  it('accepts the fixtures whose queries are valid', () => {
    const files = ['eql_sequence.toml', 'folder/nested/process_rule.toml'].map(fixture);
    expect(importRules(files, { checkQuery }).rules).toHaveLength(2);
  });

  it('does not swallow errors that are not query errors', () => {
    const boom = queryCheckerFrom(() => {
      throw new TypeError('bug in the parser');
    });
    expect(() => boom('process where true')).toThrow(TypeError);
  });
});
