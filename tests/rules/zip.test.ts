import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importRulesFromZip, isRuleFileName } from '../../src/rules/index.ts';
import { fixture } from './fixtures.ts';

describe('importing rules from a zip', () => {
  it('reads every rule file inside, in name order, and ignores the rest', () => {
    const files = ['eql_sequence.toml', 'kql_query.toml', 'kibana_export.ndjson'].map(fixture);
    const zip = zipSync({
      'rules/windows/b.toml': strToU8(files[1].text),
      'rules/windows/a.toml': strToU8(files[0].text),
      'rules/export.ndjson': strToU8(files[2].text),
      'rules/README.md': strToU8('# not a rule'),
      '__MACOSX/rules/._a.toml': strToU8('\u0000junk'),
      'rules/.hidden.toml': strToU8('junk ='),
    });
    const report = importRulesFromZip(zip);
    expect(report.errors).toEqual([]);
    expect(report.entries.map((e) => e.file)).toEqual([
      'rules/export.ndjson',
      'rules/export.ndjson',
      'rules/export.ndjson',
      'rules/windows/a.toml',
      'rules/windows/b.toml',
    ]);
    expect(report.rules.map((r) => r.sourceFile)).toEqual([
      'rules/export.ndjson',
      'rules/export.ndjson',
      'rules/windows/a.toml',
      'rules/windows/b.toml',
    ]);
  });

  it('knows which names can hold rules', () => {
    expect(isRuleFileName('x/y.TOML')).toBe(true);
    expect(isRuleFileName('x/rules.ndjson')).toBe(true);
    expect(isRuleFileName('x/.y.toml')).toBe(false);
    expect(isRuleFileName('x/y.yml')).toBe(true); // Sigma
    expect(isRuleFileName('x/y.txt')).toBe(false);
  });

  it('fails loudly on bytes that are not a zip', () => {
    expect(() => importRulesFromZip(new Uint8Array([1, 2, 3, 4]))).toThrow(/not a readable zip/);
  });
});
