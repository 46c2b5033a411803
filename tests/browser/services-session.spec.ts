import { expect, test } from '@playwright/test';
import { blobOf, call, callBlob, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import type {
  AlertDetail,
  AlertRow,
  HuntResult,
  RuleException,
  RuleReport,
  SessionSummary,
  Triage,
} from '../../src/worker/app-api.ts';

const ELASTIC = '1cd01db9-be24-4bef-8e7c-e923f0ff78ab';

async function scannedSession(page: import('@playwright/test').Page, name: string) {
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const session = await call<SessionSummary>(page, 'createSession', name);
  await scan(page, session.id, 'pos');
  return session;
}

test('triage and notes survive a reload, and hunting works on the restored data without the files', async ({
  page,
}) => {
  await openApp(page);
  const session = await scannedSession(page, 'reload test');
  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  const target = alerts.find((a) => a.ruleId === ELASTIC)!;
  const triage = await call<Triage>(page, 'setTriage', session.id, target.id, {
    status: 'closed',
    reason: 'true_positive',
    notes: 'Confirmed with the admin: not them.',
  });
  expect(triage).toMatchObject({ status: 'closed', reason: 'true_positive' });

  await page.reload();
  await openApp(page);
  const last = await call<SessionSummary | null>(page, 'lastSession');
  expect(last).toMatchObject({ id: session.id, name: 'reload test', alerts: 2, files: 1 });
  const after = await call<AlertRow[]>(page, 'listAlerts', session.id);
  expect(after.find((a) => a.id === target.id)?.status).toBe('closed');
  const detail = await call<AlertDetail>(page, 'getAlert', session.id, target.id);
  expect(detail.triage).toMatchObject({
    status: 'closed',
    reason: 'true_positive',
    notes: 'Confirmed with the admin: not them.',
  });
  expect(detail.steps).toHaveLength(2);

  // No file is attached in this page: hunting reads the stored events.
  expect(await page.evaluate(() => Object.keys(globalThis.__svc.files))).toEqual([]);
  const events = await call<HuntResult>(
    page,
    'hunt',
    session.id,
    'process where process.parent.name == "winrshost.exe"',
  );
  expect(events.error).toBeNull();
  expect(events.kind).toBe('event');
  expect(events.rows.map((r) => r.process.split(' ')[0]).sort()).toEqual([
    'cmd.exe',
    'conhost.exe',
    'powershell.exe',
  ]);
  expect(events.rows[0].steps[0].file).toBe('winrm-positive.ndjson');
  const sequences = await call<HuntResult>(
    page,
    'hunt',
    session.id,
    'sequence by host.id [network where destination.port == 5985 and source.ip != "127.0.0.1"] [process where process.parent.name == "winrshost.exe"] | head 1',
  );
  expect(sequences).toMatchObject({ kind: 'sequence', total: 1 });
  expect(sequences.rows[0].steps.map((s) => s.line)).toEqual([2, 4]);
  const limited = await call<HuntResult>(page, 'hunt', session.id, 'any where true', { size: 3 });
  expect(limited.rows).toHaveLength(3);
  expect(limited.truncated).toBe(true);
  const broken = await call<HuntResult>(page, 'hunt', session.id, 'process where process.name ==');
  expect(broken.error).toMatchObject({ line: 1 });
  expect(broken.error!.column).toBeGreaterThan(20);
  expect(await call<string[]>(page, 'fieldNames', session.id)).toEqual(
    expect.arrayContaining(['process.parent.name', 'host.id']),
  );
  expect(await call<string[]>(page, 'huntHistory')).toEqual(
    expect.arrayContaining([
      'any where true',
      'process where process.parent.name == "winrshost.exe"',
    ]),
  );
});

test('an exception made from an alert hides it (still counted) and removing it brings it back', async ({
  page,
}) => {
  await openApp(page);
  const session = await scannedSession(page, 'exceptions');
  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  const target = alerts.find((a) => a.ruleId === ELASTIC)!;
  const exception = await call<RuleException>(
    page,
    'addException',
    ELASTIC,
    'source.ip',
    '10.1.2.3',
    target.id,
  );
  expect(exception).toMatchObject({
    ruleId: ELASTIC,
    field: 'source.ip',
    value: '10.1.2.3',
    fromAlert: target.id,
  });
  const hidden = await call<AlertRow[]>(page, 'listAlerts', session.id);
  expect(hidden).toHaveLength(2);
  expect(hidden.find((a) => a.id === target.id)?.hiddenBy).toBe(exception.id);
  expect(hidden.find((a) => a.id !== target.id)?.hiddenBy).toBeNull();
  const reports = await call<RuleReport[]>(page, 'ruleReports', session.id);
  expect(reports.find((r) => r.ruleId === ELASTIC)).toMatchObject({
    alerts: 1,
    hiddenByExceptions: 1,
  });
  expect(await call<RuleException[]>(page, 'listExceptions')).toHaveLength(1);

  await call(page, 'removeException', exception.id);
  expect(
    (await call<AlertRow[]>(page, 'listAlerts', session.id)).every((a) => a.hiddenBy === null),
  ).toBe(true);
  expect(await call<RuleException[]>(page, 'listExceptions')).toEqual([]);
});

test('sessions: rename, duplicate, export and import elsewhere, delete', async ({
  page,
  browser,
}) => {
  await openApp(page);
  const session = await scannedSession(page, 'original');
  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  await call(page, 'setTriage', session.id, alerts[0].id, {
    status: 'acknowledged',
    notes: 'looking',
  });
  await call(page, 'renameSession', session.id, 'renamed');
  const copy = await call<SessionSummary>(page, 'duplicateSession', session.id);
  expect(copy).toMatchObject({ name: 'renamed (copy)', alerts: 2, files: 1 });
  expect(copy.id).not.toBe(session.id);
  const copied = await call<AlertRow[]>(page, 'listAlerts', copy.id);
  expect(copied.map((a) => a.status).sort()).toEqual(['acknowledged', 'open']);

  const exported = await callBlob(page, 'exportSession', session.id);
  const parsed = JSON.parse(exported.text);
  expect(parsed).toMatchObject({ format: 'sequent-session', version: 2 });
  expect(
    parsed.events.reduce((n: number, c: { events: unknown[] }) => n + c.events.length, 0),
  ).toBe(8);
  // Each alert's explanations travel in the file, built for it (the scan left them for an
  // opening): a Sequent that cannot build them shows them all the same.
  for (const a of parsed.alerts as AlertDetail[] & { compiledWith?: unknown }[]) {
    expect(a).not.toHaveProperty('compiledWith');
    for (const s of a.steps)
      expect(s.missing ? s.explanation : s.explanation?.result).toBe(!s.missing || null);
  }
  const mine = await Promise.all(
    alerts.map((a) => call<AlertDetail>(page, 'getAlert', session.id, a.id)),
  );

  // A colleague's browser: a fresh context with an empty database.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await openApp(colleague);
  // The app may build its demo session on first start; nothing else is there.
  const before = await call<SessionSummary[]>(colleague, 'listSessions');
  expect(before.filter((s) => !s.demo)).toEqual([]);
  const imported = await call<SessionSummary>(colleague, 'importSession', blobOf(exported.text));
  expect(imported).toMatchObject({ name: 'renamed', alerts: 2, files: 1, storage: 'full' });
  const theirs = await call<AlertRow[]>(colleague, 'listAlerts', imported.id);
  expect(theirs.map((a) => a.status).sort()).toEqual(['acknowledged', 'open']);
  // Opened there, each alert explains its steps as it does here.
  const key = (a: AlertRow) => `${a.ruleId} ${a.host} ${a.timestamp}`;
  for (const a of theirs) {
    const there = await call<AlertDetail>(colleague, 'getAlert', imported.id, a.id);
    const here = mine.find((m) => key(m) === key(a))!;
    expect(there.steps.map((x) => x.explanation)).toEqual(here.steps.map((x) => x.explanation));
    expect(there.steps.some((x) => x.explanation?.result === true)).toBe(true);
  }
  const hunted = await call<HuntResult>(colleague, 'hunt', imported.id, 'process where true');
  expect(hunted.total).toBe(5);
  await expect(
    call(colleague, 'importSession', blobOf('{"format":"sequent-session","version":99}')),
  ).rejects.toThrow(/version 99/);
  await other.close();

  await call(page, 'deleteSession', copy.id);
  const left = await call<SessionSummary[]>(page, 'listSessions');
  expect(left.filter((s) => !s.demo).map((s) => s.id)).toEqual([session.id]);
  await expect(call(page, 'getAlert', copy.id, copied[0].id)).rejects.toThrow(/no alert/);
  const info = await call<{ usage: number; quota: number }>(page, 'storageInfo');
  expect(info.quota).toBeGreaterThan(0);
});

test('the demo session is built by the same pipeline and shows real alerts', async ({ page }) => {
  await openApp(page);
  const demo = await call<SessionSummary>(page, 'loadDemo');
  expect(demo).toMatchObject({ demo: true, files: 1 });
  expect(demo.alerts).toBeGreaterThanOrEqual(3);
  const again = await call<SessionSummary>(page, 'loadDemo');
  expect(again.id).toBe(demo.id);
  const alerts = await call<AlertRow[]>(page, 'listAlerts', demo.id);
  const detail = await call<AlertDetail>(page, 'getAlert', demo.id, alerts[0].id);
  expect(detail.steps.length).toBeGreaterThanOrEqual(2);
  expect(detail.steps[0].file).toBe('synthetic-demo.ndjson');
});
