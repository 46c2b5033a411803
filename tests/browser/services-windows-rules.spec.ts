// Issue 13, CI-sized: the app's real scan (worker pool, IndexedDB) with Elastic's Windows EQL
// rules over a small SYNTHETIC telemetry file, so the rule-set benchmark's page side cannot rot.
// Each imported rule must raise in the page exactly the alerts the engine finds for it in Node
// over the same lines (rules alone, no page): the page plans the whole set, Node here too, so
// the check is that the page's scan loses and invents nothing. No timing is asserted
// (bench/app-scan.bench.ts measures it).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { plan } from '../../src/cli/scan-plan.ts';
import { generateTelemetry } from '../../src/demo/index.ts';
import { Collector, Correlator } from '../../src/engine/index.ts';
import { normalizeRecord } from '../../src/ingest/index.ts';
import { importRules, isRuleFileName, rulesToKibanaNdjson } from '../../src/rules/index.ts';
import type {
  AlertRow,
  ImportReport,
  RerunDiff,
  RuleReport,
  SessionSummary,
} from '../../src/worker/app-api.ts';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { sharedOrSkip } from '../services/helpers.ts';

test('Elastic Windows EQL rules in the app scan raise what the engine finds per rule', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const folder = sharedOrSkip('detection-rules/rules/windows');
  test.skip(!folder, 'the detection-rules folder is not next to the repository');
  const names = readdirSync(folder!, { recursive: true, encoding: 'utf8' })
    .filter((n) => isRuleFileName(n))
    .sort();
  const rules = importRules(
    names.map((n) => ({ name: join(folder!, n), text: readFileSync(join(folder!, n), 'utf8') })),
  )
    .rules.filter((r) => r.type === 'eql')
    // Shipped disabled is Kibana's default state, not a verdict: the benchmark runs them all.
    .map((r) => ({ ...r, enabled: true }));
  expect(rules.length).toBeGreaterThan(300);

  const lines = [
    ...generateTelemetry({
      events: 3000,
      hosts: 4,
      seed: 'windows-rules',
      planted: 2,
      plantedSysmon: 1,
      plantedSecurity: 1,
      start: '2024-05-01T00:00:00Z',
    }),
  ].map((d) => JSON.stringify(d));
  const dir = mkdtempSync(join(tmpdir(), 'sequent-windows-rules-'));
  try {
    const data = join(dir, 'telemetry-synthetic.ndjson');
    const ruleFile = join(dir, 'windows-eql.ndjson');
    writeFileSync(data, lines.join('\n') + '\n');
    writeFileSync(ruleFile, rulesToKibanaNdjson(rules));

    // The engine alone, in Node: alerts per rule over the same lines.
    const { planned } = plan(
      { all: false, stats: false, explain: false, files: [] },
      rules,
      () => {},
    );
    const specs = planned.map((p) => p.spec);
    const collector = new Collector(specs, { keepDocs: false });
    lines.forEach((l, record) =>
      collector.add(normalizeRecord(JSON.parse(l)).doc, { file: 0, record }),
    );
    const correlator = new Correlator(specs);
    correlator.add(collector.drain());
    const expected = new Map<string, number>();
    for (const o of correlator.finish().outcomes)
      if (o.results.length) expected.set(o.id, o.results.length);
    expect(expected.size).toBeGreaterThan(0);

    await openApp(page);
    await putFile(page, 'rules', ruleFile);
    const report = (await page.evaluate(() =>
      globalThis.__svc.call('importRules', [[globalThis.__svc.files.rules]]),
    )) as ImportReport;
    expect(report.failed).toEqual([]);
    const imported = new Set(report.imported.map((r) => r.id));
    expect(imported.size).toBe(rules.length);

    await putFile(page, 'data', data);
    const session = await call<SessionSummary>(page, 'createSession', 'windows rules');
    const { outcome } = await scan(page, session.id, 'data');
    expect(outcome.cancelled).toBe(false);
    expect(outcome.files.map((f) => [f.status, f.records])).toEqual([['done', lines.length]]);
    const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
    const found = new Map<string, number>();
    // A rule the app already ships (Elastic's, built in) is imported beside it as `<id>:imported`.
    const sourceId = (id: string) => id.replace(/:imported$/, '');
    for (const a of alerts) {
      const id = sourceId(a.ruleId);
      if (imported.has(a.ruleId)) found.set(id, (found.get(id) ?? 0) + 1);
    }
    expect(found).toEqual(expected);

    // The "why silent" counts, taken after the scan from the stored events (on the pool's other
    // worker), are the ones a run of the rules over those events counts while it matches.
    expect(await call<boolean>(page, 'nearMissCounts', session.id)).toBe(true);
    const byRule = (list: RuleReport[]) =>
      Object.fromEntries(list.map(({ hiddenByExceptions: _h, ...r }) => [r.ruleId, r]));
    const after = await call<RuleReport[]>(page, 'ruleReports', session.id);
    expect(after.filter((r) => r.counting)).toEqual([]);
    expect(after.some((r) => r.stages.some((st) => st.conjuncts.some((c) => c.held > 0)))).toBe(
      true,
    );
    const rerun = await call<RerunDiff>(page, 'rerunRules', session.id);
    expect(rerun.added).toEqual([]);
    expect(rerun.removed).toEqual([]);
    const whileMatching = await call<RuleReport[]>(page, 'ruleReports', session.id);
    expect(byRule(after)).toEqual(byRule(whileMatching));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
