// Re-attaching the original files of an 'alerts-only' session in the real page, worker and
// IndexedDB. The browser's quota cannot be made to refuse from here, so the session is put
// in the state a refusal leaves (storage 'alerts-only', no event chunks, alerts and files
// kept) through export and import; the refusal itself is covered by tests/services.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  blobOf,
  call,
  callBlob,
  files,
  openApp,
  putFile,
  scan,
} from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import type {
  AlertRow,
  FileSummary,
  HuntResult,
  ReattachReport,
  RerunDiff,
  SessionSummary,
} from '../../src/worker/app-api.ts';

async function alertsOnlySession(
  page: import('@playwright/test').Page,
  name: string,
  ...keys: string[]
) {
  const session = await call<SessionSummary>(page, 'createSession', name);
  const { outcome } = await scan(page, session.id, ...(keys.length ? keys : ['pos']));
  expect(outcome.alerts).toBe(2);
  const exported = JSON.parse((await callBlob(page, 'exportSession', session.id)).text);
  expect(exported.events.length).toBeGreaterThan(0);
  exported.session.storage = 'alerts-only';
  exported.events = [];
  return call<SessionSummary>(page, 'importSession', blobOf(JSON.stringify(exported)));
}

test('re-attached files make hunting and re-running work, without new files or alerts', async ({
  page,
}) => {
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'other', fixture('malformed.ndjson'));
  const session = await alertsOnlySession(page, 'reattach');
  expect(session.storage).toBe('alerts-only');
  await expect(call(page, 'hunt', session.id, 'any where true')).rejects.toThrow(
    /attach the original files/,
  );
  const alertsBefore = await call<AlertRow[]>(page, 'listAlerts', session.id);
  const filesBefore = await call<FileSummary[]>(page, 'listFiles', session.id);

  const report = await call<ReattachReport>(
    page,
    'reattachFiles',
    session.id,
    files('pos', 'other'),
  );
  expect(report.matched).toEqual([{ name: 'winrm-positive.ndjson', fileId: filesBefore[0].id }]);
  expect(report.unmatched.map((u) => u.name)).toEqual(['malformed.ndjson']);
  expect(report.unmatched[0].reason).toMatch(/SHA-256/);
  expect(report.events).toBe(filesBefore[0].mapped);
  expect(report.kept).toBe('stored');

  const after = (await call<SessionSummary[]>(page, 'listSessions')).find(
    (s) => s.id === session.id,
  )!;
  expect(after.storage).toBe('full');
  expect(await call<FileSummary[]>(page, 'listFiles', session.id)).toHaveLength(1);
  const alertsAfter = await call<AlertRow[]>(page, 'listAlerts', session.id);
  expect(alertsAfter.map((a) => a.id).sort()).toEqual(alertsBefore.map((a) => a.id).sort());

  const found = await call<HuntResult>(
    page,
    'hunt',
    session.id,
    'process where process.parent.name : "winrshost.exe"',
  );
  expect(found.error).toBeNull();
  expect(found.total).toBeGreaterThan(0);
  expect(found.rows[0].steps[0].file).toBe('winrm-positive.ndjson');
  const diff = await call<RerunDiff>(page, 'rerunRules', session.id);
  expect(diff).toMatchObject({ added: [], removed: [], unchanged: alertsBefore.length });
});

test('the scan page of an alerts-only session says so and re-attaches through its picker', async ({
  page,
}) => {
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await alertsOnlySession(page, 'reattach ui');
  // The imported session is the last used: a reload opens it.
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('session-name')).toContainText('reattach ui (imported)');
  await page.getByRole('tab', { name: /^Scan/ }).click();
  await expect(page.getByTestId('reattach-banner')).toContainText(
    "The events of this session were not stored (the browser's storage quota was too small).",
  );
  const dir = mkdtempSync(join(tmpdir(), 'sequent-reattach-ui-'));
  const wrong = join(dir, 'not-this-one.ndjson');
  writeFileSync(wrong, '{"_comment":"synthetic","@timestamp":"2024-05-01T10:00:00Z"}\n');
  await page
    .getByTestId('reattach-zone-files')
    .setInputFiles([fixture('winrm-positive.ndjson'), wrong]);
  const report = page.getByTestId('reattach-report');
  await expect(report).toContainText('Re-attached 1 file');
  await expect(page.getByTestId('reattach-unmatched')).toContainText('not-this-one.ndjson');
  await expect(page.getByTestId('reattach-banner')).toHaveCount(0);
  await expect(page.getByTestId('file-list').locator('li')).toHaveCount(1);
});

test('a part re-attached serves hunting (after a reload too); re-running waits for the rest', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'sequent-reattach-part-'));
  const second = join(dir, 'second.ndjson');
  writeFileSync(
    second,
    [
      '{"@timestamp":"2024-05-02T09:00:00Z","_comment":"synthetic","event":{"category":["process"],"type":["start"],"kind":"event"},"host":{"id":"h-two","name":"two"},"process":{"pid":10,"name":"calc.exe","parent":{"name":"explorer.exe"}}}',
      '{"@timestamp":"2024-05-02T09:00:01Z","event":{"category":["process"],"type":["start"],"kind":"event"},"host":{"id":"h-two","name":"two"},"process":{"pid":11,"name":"calc.exe","parent":{"name":"explorer.exe"}}}',
    ].join('\n') + '\n',
  );
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'second', second);
  const session = await alertsOnlySession(page, 'partial', 'pos', 'second');
  const report = await call<ReattachReport>(page, 'reattachFiles', session.id, files('second'));
  expect(report).toMatchObject({ events: 2, kept: 'stored', unmatched: [] });
  const hunted = async () =>
    (await call<HuntResult>(page, 'hunt', session.id, 'process where process.name : "calc.exe"'))
      .total;
  expect(await hunted()).toBe(2);
  await expect(call(page, 'rerunRules', session.id)).rejects.toThrow(
    /Not re-attached yet: winrm-positive\.ndjson\./,
  );

  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  expect(await hunted()).toBe(2);
  const rest = await call<ReattachReport>(page, 'reattachFiles', session.id, files('pos'));
  expect(rest.matched.map((m) => m.name)).toEqual(['winrm-positive.ndjson']);
  const whole = (await call<SessionSummary[]>(page, 'listSessions')).find(
    (s) => s.id === session.id,
  )!;
  expect(whole).toMatchObject({ storage: 'full', files: 2, alerts: 2 });
  const diff = await call<RerunDiff>(page, 'rerunRules', session.id);
  expect(diff).toMatchObject({ added: [], removed: [], unchanged: 2 });
});
