// Sigma through the rules import everyone uses (files, folders, zips) and `sequent check`:
// converted rules are runnable, the rest listed with a reason, broken YAML at its line.
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check.ts';
import { parse } from '../../../src/eql/index.ts';
import { importRules, importRulesFromZip, queryCheckerFrom } from '../../../src/rules/index.ts';
import { haveShared, shared } from '../../ingest/helpers.ts';
import { sigmaRule } from './helpers.ts';
import { walk } from './shared.ts';

const checkQuery = queryCheckerFrom(parse);
const good = sigmaRule(
  "sel:\n  CommandLine|contains: 'whoami'\ncondition: sel",
  'product: windows\ncategory: process_creation',
);
const deprecated = good
  .replace('title: Synthetic test rule', 'title: Old rule\nstatus: deprecated')
  .replace('-000000000001', '-000000000002');
const cannot = good
  .replace("CommandLine|contains: 'whoami'", "CommandLine|re: '\\bwhoami'")
  .replace('-000000000001', '-000000000003');
// A field given twice in one selection: YAML forbids duplicate keys.
const broken =
  'title: Broken\nlogsource:\n  product: windows\ndetection:\n  sel:\n    A: 1\n    A: 2\n  condition: sel\n';

describe('importing Sigma files', () => {
  const report = importRules(
    [
      { name: 'good.yml', text: good },
      { name: 'old.yaml', text: deprecated },
      { name: 'regex.yml', text: cannot },
      { name: 'broken.yml', text: broken },
    ],
    { checkQuery },
  );

  it('runs what converts', () => {
    expect(report.rules.map((r) => r.name)).toEqual(['Synthetic test rule']);
    expect(report.rules[0].sigma?.yaml).toContain("CommandLine|contains: 'whoami'");
  });

  it('lists deprecated and cannot-run rules as unsupported, with why', () => {
    expect(report.unsupported.map((u) => [u.file, u.type, u.reason])).toEqual([
      ['old.yaml', 'sigma/deprecated', "the rule's status is deprecated"],
      ['regex.yml', 'sigma', expect.stringMatching(/^re: the escape \\b at position 1/)],
    ]);
  });

  it('reports broken YAML at its file and line', () => {
    expect(report.errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      ['broken.yml', 7, 5, 'YAML: Map keys must be unique'],
    ]);
  });

  it('reads Sigma from a zip, skipping other YAML only when walking', () => {
    const zip = zipSync({ 'rules/good.yml': strToU8(good), 'rules/old.yml': strToU8(deprecated) });
    const fromZip = importRulesFromZip(zip, { checkQuery });
    expect(fromZip.rules).toHaveLength(1);
    expect(fromZip.unsupported).toHaveLength(1);
    const walked = importRules([{ name: 'docker-compose.yml', text: 'services:\n  web: {}\n' }], {
      skipNonRules: true,
    });
    expect(walked.skipped).toEqual([
      { file: 'docker-compose.yml', line: 1, reason: 'YAML but not a Sigma rule' },
    ]);
  });
});

describe.runIf(haveShared('sigma/rules/windows'))('sequent check on a Sigma folder', () => {
  it('checks every rule of a SigmaHQ folder', () => {
    let out = '';
    const code = runCheck([shared('sigma/rules/windows/builtin/security')], checkQuery, {
      out: (t) => (out += t),
      err: () => {},
    });
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
    const files = walk(shared('sigma/rules/windows/builtin/security'), (n) => n.endsWith('.yml'));
    expect(lines.filter((l) => l.startsWith('ok '))).toHaveLength(files.length);
    expect(lines.at(-1)).toBe(
      `${files.length} rules: ${files.length} ok, 0 cannot run here, 0 failed`,
    );
    expect(code).toBe(0);
  });
});
