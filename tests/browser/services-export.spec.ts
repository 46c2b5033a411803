import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { call, callBlob, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture, repoRoot } from '../services/helpers.ts';
import type { AlertRow, SessionSummary } from '../../src/worker/app-api.ts';

test('every hand-over export parses back, and the HTML report runs no script and makes no request', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'hostile', fixture('hostile-positive.ndjson'));
  const session = await call<SessionSummary>(page, 'createSession', '<b>hostile</b> case');
  const { outcome } = await scan(page, session.id, 'pos', 'hostile');
  expect(outcome.alerts).toBe(3);
  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  const hostile = alerts.find((a) => a.host.includes('onerror'))!;
  await call(page, 'setTriage', session.id, hostile.id, {
    status: 'closed',
    reason: 'benign',
    notes: '<script>window.__pwned=3</script>',
  });

  const ndjson = await callBlob(page, 'exportAlerts', session.id, 'ndjson');
  const lines = ndjson.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(3);
  expect(lines.every((l) => l.evidence.length === 2 && l.rule.name && l.host)).toBe(true);

  const selected = await callBlob(page, 'exportAlerts', session.id, 'ndjson', [hostile.id]);
  expect(selected.text.trim().split('\n')).toHaveLength(1);

  const csv = await callBlob(page, 'exportAlerts', session.id, 'csv');
  expect(csv.type).toBe('text/csv');
  const rows = csv.text.trimEnd().split('\r\n');
  expect(rows[0].startsWith('id,timestamp,end_timestamp,rule_id')).toBe(true);
  expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example/`);

  const layer = JSON.parse((await callBlob(page, 'exportAlerts', session.id, 'navigator')).text);
  expect(layer.domain).toBe('enterprise-attack');
  expect(layer.techniques.map((t: { techniqueID: string }) => t.techniqueID)).toEqual(
    expect.arrayContaining(['T1021', 'T1021.006']),
  );
  expect(
    layer.techniques.find((t: { techniqueID: string }) => t.techniqueID === 'T1021').score,
  ).toBe(3);

  const bulk = await callBlob(page, 'exportEvents', session.id, 'sequent-case');
  const bulkLines = bulk.text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(bulkLines).toHaveLength(2 * 10);
  expect(bulkLines[0]).toEqual({ index: { _index: 'sequent-case' } });
  await expect(call(page, 'exportEvents', session.id, 'Bad Index')).rejects.toThrow(/lowercase/);

  const html = (await callBlob(page, 'exportAlerts', session.id, 'html')).text;
  expect(html).not.toMatch(/<script/i);
  const dir = join(repoRoot, 'test-results', 'services');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.html');
  writeFileSync(file, html);

  const context = await browser.newContext();
  const report = await context.newPage();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await report.goto(pathToFileURL(file).href);
  await report.waitForTimeout(300);
  expect(requests).toEqual([pathToFileURL(file).href]);
  expect(await report.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(
    await report.evaluate(
      () =>
        document.scripts.length +
        document.querySelectorAll('img,iframe,link[rel=stylesheet],object,embed').length,
    ),
  ).toBe(0);
  await expect(report.locator('h1')).toHaveText('Sequent report: <b>hostile</b> case');
  await expect(report.getByText('<script>window.__pwned=3</script>')).toBeVisible();
  await expect(report.getByText('⟨U+202E⟩', { exact: false }).first()).toBeAttached();
  await context.close();
});
