// Elastic's public rule set (../shared/detection-rules/rules) and a sample of its prebuilt
// rules package (../shared/elastic-package-sample): every EQL, KQL, threshold and new terms
// rule imports and compiles; the rest are listed as cannot-run-here with a reason.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  compileRule,
  importRules,
  importRulesFromZip,
  ruleQueryChecker,
  summarize,
} from '../../src/rules/index.ts';

const shared = (path: string) => fileURLToPath(new URL(`../../../shared/${path}`, import.meta.url));
const RULES = shared('detection-rules/rules');
const PACKAGE = shared('elastic-package-sample/security_detection_engine-8.17.2');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const full = join(dir, n);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

describe.runIf(existsSync(RULES))('the detection-rules repository', () => {
  const files = walk(RULES)
    .filter((f) => f.endsWith('.toml'))
    .map((f) => ({ name: relative(RULES, f), text: readFileSync(f, 'utf8') }));
  const started = performance.now();
  const report = importRules(files, { checkQuery: ruleQueryChecker() });
  const elapsed = performance.now() - started;

  it('imports every rule that can run on events, and compiles it', () => {
    expect(report.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([]);
    const byType = summarize(report).byType;
    expect(byType).toEqual({
      eql: { total: 954, ok: 954, unsupported: 0, failed: 0 },
      query: { total: 424, ok: 424, unsupported: 0, failed: 0 },
      new_terms: { total: 217, ok: 217, unsupported: 0, failed: 0 },
      threshold: { total: 27, ok: 27, unsupported: 0, failed: 0 },
      esql: { total: 206, ok: 0, unsupported: 206, failed: 0 },
      machine_learning: { total: 106, ok: 0, unsupported: 106, failed: 0 },
      threat_match: { total: 6, ok: 0, unsupported: 6, failed: 0 },
    });
    const languages = new Map<string, number>();
    for (const rule of report.rules) {
      const compiled = compileRule(rule);
      const key = `${rule.type}/${rule.language}/${compiled.aggregation?.kind ?? 'plain'}`;
      languages.set(key, (languages.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(languages)).toEqual({
      'eql/eql/plain': 954,
      'query/kuery/plain': 424,
      'new_terms/kuery/new_terms': 217,
      'threshold/kuery/threshold': 27,
    });
  });

  it('keeps the threshold and new terms settings', () => {
    const rule = report.rules.find((r) => r.type === 'threshold' && r.threshold?.cardinality);
    expect(rule?.threshold?.cardinality?.[0]).toMatchObject({ field: expect.any(String) });
    const terms = report.rules.filter((r) => r.type === 'new_terms');
    expect(terms.every((r) => r.new_terms && r.new_terms.field.length >= 1)).toBe(true);
    expect(terms.every((r) => /^now-\d+[dhmw]$/.test(r.new_terms!.history_window_start))).toBe(
      true,
    );
  });

  it('says why the others cannot run here', () => {
    const reasons = new Set(report.unsupported.map((u) => `${u.type}: ${u.reason}`));
    expect([...reasons].sort()).toEqual([
      expect.stringMatching(/^esql: ES\|QL/),
      expect.stringMatching(/^machine_learning: machine learning/),
      expect.stringMatching(/^threat_match: indicator match/),
    ]);
  });

  it('takes a few seconds for ~1,900 rules', () => {
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe.runIf(existsSync(PACKAGE))('Elastic’s prebuilt rules package (a zip)', () => {
  // Built here, as downloaded: one top-level folder security_detection_engine-<version>/.
  const entries: Record<string, Uint8Array> = {};
  for (const f of walk(PACKAGE))
    entries[`security_detection_engine-8.17.2/${relative(PACKAGE, f)}`] = readFileSync(f);
  const zip = zipSync(entries);
  const report = importRulesFromZip(zip, { checkQuery: ruleQueryChecker(), skipNonRules: true });

  it('reads the newest version of each rule from kibana/security_rule', () => {
    expect(report.errors).toEqual([]);
    const versions = Object.fromEntries(
      report.entries.map((e) => [e.rule!.id.slice(0, 8), e.rule!.version]),
    );
    expect(versions).toEqual({
      '0022d47d': 415,
      '035889c4': 212,
      '1781d055': 207,
      '2f2f4939': 212,
      '3a59fc81': 311,
      '4e85dc8a': 111,
      bd2c86a0: 215,
      df0fd41e: 8,
    });
    expect(report.skipped.filter((s) => /is imported instead/.test(s.reason))).toHaveLength(16);
  });

  it('runs 7 of the 8 rules; the machine learning one cannot run here', () => {
    const s = summarize(report);
    expect([s.total, s.ok, s.unsupported, s.failed]).toEqual([8, 7, 1, 0]);
    const threshold = report.rules.find((r) => r.type === 'threshold');
    expect(threshold?.threshold).toEqual({ field: ['host.id'], value: 10 });
    expect(threshold?.from).toBe('now-9m');
    const terms = report.rules.find((r) => r.type === 'new_terms');
    expect(terms?.new_terms).toEqual({
      field: ['dll.pe.original_file_name', 'dll.code_signature.subject_name'],
      history_window_start: 'now-30d',
    });
  });

  it('keeps the rule metadata', () => {
    const rule = report.rules.find((r) => r.id.startsWith('035889c4'))!;
    expect(rule.index).toContain('winlogbeat-*');
    expect(rule.note).toMatch(/Triage and analysis/);
    expect(rule.threat.length).toBeGreaterThan(0);
    expect(rule.max_signals ?? 100).toBe(100);
  });
});
