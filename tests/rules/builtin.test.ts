import { describe, expect, it } from 'vitest';
import { compile, parse } from '../../src/eql/index.ts';
import {
  builtinRules,
  isEqlRule,
  WINRM_ELASTIC_RULE_ID,
  WINRM_SEQUENT_RULE_ID,
  type Rule,
} from '../../src/rules/index.ts';

const byId = (id: string): Rule => {
  const rule = builtinRules().find((r) => r.id === id);
  if (!rule) throw new Error(`no built-in rule ${id}`);
  return rule;
};

describe('built-in rules', () => {
  it("ship Elastic's WinRM remote-shell rule with its published metadata", () => {
    const rule = byId(WINRM_ELASTIC_RULE_ID);
    expect(rule.id).toBe('1cd01db9-be24-4bef-8e7c-e923f0ff78ab');
    expect(rule.name).toBe('Incoming Execution via WinRM Remote Shell');
    expect(rule.origin).toBe('elastic');
    expect(rule.version).toBe(5);
    expect(rule.severity).toBe('medium');
    expect(rule.risk_score).toBe(47);
    expect(rule).toMatchObject({ interval: '5m', from: 'now-9m', max_signals: 100 });
    expect(rule.author).toEqual(['Elastic']);
    expect(rule.license).toBe('Elastic License v2');
    expect(rule.tags).toEqual([
      'Elastic',
      'Host',
      'Windows',
      'Threat Detection',
      'Lateral Movement',
    ]);
    expect(rule.index).toEqual(['winlogbeat-*', 'logs-endpoint.events.*', 'logs-windows.*']);
    expect(rule.false_positives[0]).toMatch(/baseline/i);
    expect(rule.metadata).toMatchObject({ creation_date: '2020/11/24', maturity: 'production' });
  });

  it('keep the Elastic query exactly as published', () => {
    expect(byId(WINRM_ELASTIC_RULE_ID).query).toBe(
      'sequence by host.id with maxspan=30s [network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986) and network.protocol == "http" and source.ip != "127.0.0.1" and source.ip != "::1"] [process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"]',
    );
  });

  it('map both rules to Lateral Movement / T1021 / T1021.006', () => {
    for (const rule of builtinRules()) {
      expect(rule.threat).toHaveLength(1);
      const [threat] = rule.threat;
      expect(threat.framework).toBe('MITRE ATT&CK');
      expect(threat.tactic).toMatchObject({ id: 'TA0008', name: 'Lateral Movement' });
      expect(threat.technique?.map((t) => t.id)).toEqual(['T1021']);
      expect(threat.technique?.[0].subtechnique?.map((s) => [s.id, s.name])).toEqual([
        ['T1021.006', 'Windows Remote Management'],
      ]);
    }
  });

  it("label Sequent's Sysmon / Security variant as Sequent's own", () => {
    const rule = byId(WINRM_SEQUENT_RULE_ID);
    expect(rule.origin).toBe('sequent');
    expect(rule.author).toEqual(['Sequent']);
    expect(rule.id).not.toBe(WINRM_ELASTIC_RULE_ID);
    expect(rule.name).toMatch(/Sysmon/);
    expect(rule.query).not.toContain('network.protocol');
    for (const piece of ['"3"', '"5156"', 'process.pid == 4', 'process.executable : "System"']) {
      expect(rule.query).toContain(piece);
    }
    // Same second step as Elastic's rule.
    const stepTwo = (q: string | undefined) => q?.slice(q.indexOf('[process where'));
    expect(stepTwo(rule.query)).toBe(stepTwo(byId(WINRM_ELASTIC_RULE_ID).query));
  });

  it('are runnable EQL, plain JSON, and fresh objects on every call', () => {
    const rules = builtinRules();
    expect(rules.every(isEqlRule)).toBe(true);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(JSON.parse(JSON.stringify(rules))).toEqual(rules);
    expect(structuredClone(rules)).toEqual(rules);
    rules[0].tags.push('mutated');
    rules[0].threat[0].tactic.name = 'mutated';
    expect(builtinRules()[0].tags).not.toContain('mutated');
    expect(builtinRules()[0].threat[0].tactic.name).toBe('Lateral Movement');
  });

  it('parse and compile as two-stage sequences by host.id within 30 s', () => {
    for (const rule of builtinRules()) {
      expect(() => parse(rule.query ?? '')).not.toThrow();
      const compiled = compile(rule.query ?? '', { categoryField: 'event.category' });
      expect(compiled.kind).toBe('sequence');
      expect(compiled.maxspanMs).toBe(30_000);
      expect(compiled.stages.map((s) => s.category)).toEqual(['network', 'process']);
      expect(compiled.stages.map((s) => s.keys.map((k) => k.field))).toEqual([
        ['host.id'],
        ['host.id'],
      ]);
    }
  });
});
