import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importRules } from '../../src/rules/index.ts';
import { Explainer } from '../../src/worker/app/explain-later.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { RunnableRule } from '../../src/worker/app/model.ts';
import {
  compileOptionsOf,
  fromRuleView,
  runnable,
  toRuleView,
} from '../../src/worker/app/rule-view.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

const files = ['rules/winrm-cmd-child.toml', 'rules/kibana-export.ndjson'].map((name) => ({
  name,
  text: readFileSync(fixture(name), 'utf8'),
}));

describe('imported rules as the services show and run them', () => {
  const report = importRules(files);

  it('reads the TOML and Kibana fixtures: two EQL rules and a KQL one, all runnable', () => {
    expect(report.rules.map((r) => r.name).sort()).toEqual([
      'Test: KQL rule that Sequent cannot run',
      'Test: any inbound WinRM then PowerShell',
      'Test: cmd.exe under winrshost.exe',
    ]);
    expect(report.unsupported).toEqual([]);
    const kql = report.rules.find((r) => r.language === 'kuery')!;
    const view = toRuleView(kql, eqlLanguage(compileOptionsOf(kql)));
    expect([view.unsupported, view.error]).toEqual([null, null]);
    const ml = { ...kql, type: 'machine_learning', query: undefined };
    expect(toRuleView(ml, eqlLanguage()).unsupported).toMatch(/^Machine learning rules read/);
  });

  it('keeps the metadata in the view and back', () => {
    const toml = report.rules.find((r) => r.name.includes('cmd.exe'))!;
    const view = toRuleView(toml, eqlLanguage());
    expect(view).toMatchObject({
      severity: 'high',
      riskScore: 73,
      maxSignals: 50,
      origin: 'imported',
      error: null,
    });
    expect(view.tactics.map((t) => t.id)).toEqual(['TA0002']);
    expect(view.techniques[0].subtechniques.map((s) => s.id)).toEqual(['T1059.003']);
    expect(view.prettyQuery).toContain('process where');
    const back = fromRuleView({ ...view, riskScore: 80 }, toml);
    expect(back.risk_score).toBe(80);
    expect(back.threat).toEqual(toml.threat);
    expect(back.metadata).toEqual(toml.metadata);
  });

  it('positions a broken query and refuses to run it', () => {
    const rule = { ...report.rules[0], query: 'process where process.name ==' };
    const view = toRuleView(rule, eqlLanguage());
    expect(view.error).toMatchObject({ line: 1 });
    expect(view.error!.column).toBeGreaterThan(1);
    expect(view.error!.formatted).toContain('^');
    expect(runnable(rule, () => eqlLanguage())).toBeNull();
  });

  it('fires the imported rules on the synthetic positive', async () => {
    const rules = report.rules
      .map((r) => runnable(r, (x) => eqlLanguage(compileOptionsOf(x))))
      .filter((r): r is RunnableRule => !!r);
    const sink = new MemorySink();
    const result = await runScan(
      scanRequest([await scanFile(fixture('winrm-positive.ndjson'))], sink, { rules }),
    );
    const names = result.alerts.map((a) => `${a.ruleName} @ ${a.host}`).sort();
    expect(names).toEqual([
      'Test: KQL rule that Sequent cannot run @ ws1',
      'Test: any inbound WinRM then PowerShell @ srv1',
      'Test: cmd.exe under winrshost.exe @ ws1',
    ]);
    // Opened: compiled again as KQL (the rule's language), not as EQL.
    const kql = new Explainer().explained(
      structuredClone(result.alerts.find((a) => a.ruleName.startsWith('Test: KQL'))!),
    );
    expect(kql.steps[0].explanation).toMatchObject({
      text: 'process.name : "cmd.exe"',
      result: true,
    });
    expect(kql.steps[0].explanation!.fields).toEqual([{ path: 'process.name', value: 'cmd.exe' }]);
    const event = result.alerts.find((a) => a.kind === 'event' && a.ruleName.includes('cmd.exe'))!;
    expect(event.steps).toHaveLength(1);
    expect(event.severity).toBe('high');
    expect(event.riskScore).toBe(73);
  });
});
