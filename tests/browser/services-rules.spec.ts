import { expect, test } from '@playwright/test';
import { call, callBlob, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import type {
  AlertRow,
  ImportReport,
  QueryCheck,
  RerunDiff,
  RuleView,
  SessionSummary,
} from '../../src/worker/app-api.ts';

const TOML_RULE = '7e3c1a52-0000-4000-8000-5e9e0e7e5701';
const KIBANA_RULE = '7e3c1a52-0000-4000-8000-5e9e0e7e5702';
const KQL_RULE = '7e3c1a52-0000-4000-8000-5e9e0e7e5703';

test('a TOML rule and a Kibana export (with a KQL rule) are imported and fire', async ({
  page,
}) => {
  await openApp(page);
  const builtin = await call<RuleView[]>(page, 'listRules');
  expect(builtin.map((r) => r.origin).sort()).toEqual(['elastic', 'sequent']);
  expect(builtin.every((r) => r.enabled && r.error === null && r.unsupported === null)).toBe(true);

  await putFile(page, 'toml', fixture('rules/winrm-cmd-child.toml'));
  await putFile(page, 'kibana', fixture('rules/kibana-export.ndjson'));
  const report = (await page.evaluate(() =>
    globalThis.__svc.call('importRules', [
      [globalThis.__svc.files.toml, globalThis.__svc.files.kibana],
    ]),
  )) as ImportReport;
  expect(report.imported.map((r) => r.id).sort()).toEqual(
    [TOML_RULE, KIBANA_RULE, KQL_RULE].sort(),
  );
  expect(report.unsupported).toEqual([]);
  expect([report.updated, report.unchanged, report.collisions]).toEqual([0, 0, []]);
  expect(report.failed).toEqual([]);
  const toml = report.imported.find((r) => r.id === TOML_RULE)!;
  expect(toml).toMatchObject({
    severity: 'high',
    riskScore: 73,
    maxSignals: 50,
    origin: 'imported',
    enabled: true,
  });
  expect(toml.techniques.map((t) => t.id)).toEqual(['T1059']);

  const rules = await call<RuleView[]>(page, 'listRules');
  expect(rules.find((r) => r.id === KQL_RULE)).toMatchObject({
    enabled: true,
    type: 'query',
    language: 'kuery',
    unsupported: null,
    error: null,
  });

  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const session = await call<SessionSummary>(page, 'createSession', 'imported rules');
  const { outcome } = await scan(page, session.id, 'pos');
  expect(outcome.alerts).toBe(5);
  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  expect(
    alerts.filter((a) => a.ruleId === TOML_RULE).map((a) => [a.host, a.kind, a.severity]),
  ).toEqual([['ws1', 'event', 'high']]);
  expect(alerts.filter((a) => a.ruleId === KIBANA_RULE).map((a) => [a.host, a.kind])).toEqual([
    ['srv1', 'sequence'],
  ]);
  expect(alerts.filter((a) => a.ruleId === KQL_RULE).map((a) => [a.host, a.kind])).toEqual([
    ['ws1', 'event'],
  ]);

  // Switch the TOML rule off and re-run: its alert is gone, the others unchanged.
  await call(page, 'setRuleEnabled', TOML_RULE, false);
  const diff = await call<RerunDiff>(page, 'rerunRules', session.id);
  expect(diff.added).toEqual([]);
  expect(diff.removed.map((a) => a.ruleId)).toEqual([TOML_RULE]);
  expect(diff.unchanged).toBe(4);
  await call(page, 'setRuleEnabled', TOML_RULE, true);
  const back = await call<RerunDiff>(page, 'rerunRules', session.id);
  expect(back.added.map((a) => a.ruleId)).toEqual([TOML_RULE]);
  expect(back.added[0].id).toBe(diff.removed[0].id);
});

test('rules: live validation, create, edit, delete and export as TOML and NDJSON', async ({
  page,
}) => {
  await openApp(page);
  const bad = await call<QueryCheck>(
    page,
    'checkQuery',
    'sequence by host.id [process where true]\n[network where port ==]',
  );
  expect(bad.ok).toBe(false);
  expect(bad.error).toMatchObject({ line: 2 });
  expect(bad.error!.formatted.split('\n')).toHaveLength(3);
  expect(
    await call<QueryCheck>(
      page,
      'checkQuery',
      'sample by host.id [process where true] [network where true]',
    ),
  ).toMatchObject({ ok: true, kind: 'sample' });

  const [template] = await call<RuleView[]>(page, 'listRules');
  const draft = {
    ...template,
    id: '',
    name: 'Hunt: winrshost children',
    query: 'process where process.parent.name : "winrshost.exe"',
    origin: 'imported' as const,
  };
  const saved = await call<RuleView>(page, 'saveRule', draft);
  expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(saved.prettyQuery).toContain('winrshost.exe');
  await expect(call(page, 'saveRule', { ...saved, query: 'process where (' })).rejects.toThrow(
    /does not parse: 1:\d+/,
  );
  const edited = await call<RuleView>(page, 'saveRule', { ...saved, severity: 'critical' });
  expect(edited).toMatchObject({ id: saved.id, severity: 'critical' });

  const ndjson = await callBlob(page, 'exportRules', 'ndjson');
  const exported = ndjson.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(exported.map((r) => r.rule_id)).toContain(saved.id);
  expect(exported.find((r) => r.rule_id === saved.id)).toMatchObject({
    type: 'eql',
    severity: 'critical',
  });

  const zip = await page.evaluate(async () => {
    const blob = (await globalThis.__svc.call('exportRules', ['toml'])) as Blob;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return { type: blob.type, magic: String.fromCharCode(bytes[0], bytes[1]), size: bytes.length };
  });
  expect(zip).toMatchObject({ type: 'application/zip', magic: 'PK' });

  await call(page, 'deleteRule', saved.id);
  expect((await call<RuleView[]>(page, 'listRules')).some((r) => r.id === saved.id)).toBe(false);
  // A deleted built-in rule stays deleted: seeding happens once.
  await call(page, 'deleteRule', template.id);
  await page.reload();
  await openApp(page);
  expect((await call<RuleView[]>(page, 'listRules')).some((r) => r.id === template.id)).toBe(false);
});
