// Threshold and new terms rules through the services' scan pipeline (real ingest, the
// worker's correlation and evidence), on synthetic events written here: the alerts look
// like EQL ones — steps with evidence, join keys for the threshold group.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importRules } from '../../src/rules/index.ts';
import { Explainer } from '../../src/worker/app/explain-later.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { RunnableRule } from '../../src/worker/app/model.ts';
import { compileOptionsOf, runnable } from '../../src/worker/app/rule-view.ts';
import { MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sequent-agg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (s: number) => new Date(Date.parse('2024-05-01T10:00:00Z') + s * 1000).toISOString();
const failure = (s: number, ip: string) => ({
  '@timestamp': at(s),
  event: { code: '4625', category: ['authentication'], outcome: 'failure' },
  host: { name: 'dc1' },
  source: { ip },
});
const service = (s: number, name: string) => ({
  '@timestamp': at(s),
  event: { code: '7045' },
  host: { name: 'ws1' },
  service: { name },
});

const RULES = [
  {
    rule_id: 'thr',
    name: 'Synthetic brute force',
    type: 'threshold',
    language: 'kuery',
    query: 'event.code:4625 and event.outcome:failure',
    threshold: { field: ['source.ip'], value: 5 },
    from: 'now-2m',
    severity: 'medium',
    risk_score: 47,
  },
  {
    rule_id: 'nt',
    name: 'Synthetic first service',
    type: 'new_terms',
    language: 'kuery',
    query: 'event.code:7045',
    new_terms_fields: ['service.name'],
    history_window_start: 'now-7d',
    severity: 'low',
    risk_score: 21,
  },
];

describe('threshold and new terms rules in the services', () => {
  it('raise alerts with their events as evidence', async () => {
    const events = [
      ...[0, 10, 20, 30, 40].map((s) => failure(s, '10.0.0.5')),
      ...[0, 10, 20, 30].map((s) => failure(s, '10.0.0.6')),
      service(50, 'psexesvc'),
      service(60, 'psexesvc'),
      service(70, 'updater'),
    ];
    const path = join(dir, 'events.ndjson');
    writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n'));
    const report = importRules([
      { name: 'rules.ndjson', text: RULES.map((r) => JSON.stringify(r)).join('\n') },
    ]);
    const rules = report.rules
      .map((r) => runnable(r, (x) => eqlLanguage(compileOptionsOf(x))))
      .filter((r): r is RunnableRule => !!r);
    expect(rules.map((r) => r.aggregation?.kind)).toEqual(['threshold', 'new_terms']);
    const result = await runScan(scanRequest([await scanFile(path)], new MemorySink(), { rules }));
    const threshold = result.alerts.filter((a) => a.ruleId === 'thr');
    expect(threshold).toHaveLength(1);
    expect(threshold[0].steps).toHaveLength(5);
    const opened = new Explainer().explained(structuredClone(threshold[0]));
    expect(opened.steps.every((s) => s.explanation?.result === true)).toBe(true);
    expect(threshold[0].steps.every((s) => s.line !== null)).toBe(true);
    expect(threshold[0].joinKeys).toEqual(['10.0.0.5']);
    const terms = result.alerts.filter((a) => a.ruleId === 'nt');
    expect(terms.map((a) => a.steps[0].doc?.service)).toEqual([
      { name: 'psexesvc' },
      { name: 'updater' },
    ]);
  });
});
