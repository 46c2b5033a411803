import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { harnessTest } from '../browser/bundle.ts';
import { fixture } from '../services/helpers.ts';
import type { ServicesHarness } from './app-services-harness.ts';

// Each of the worker's app services on its own (see app-services-harness.ts): built with only
// the services it is given, over a fresh real IndexedDB. The whole composed API, behind the
// real worker and page, is tested by tests/browser/services-*.spec.ts.

declare const sequentHarness: ServicesHarness;

const test = harnessTest(fileURLToPath(new URL('./app-services-harness.ts', import.meta.url)));
const POSITIVE = readFileSync(fixture('winrm-positive.ndjson'), 'utf8');
/** Elastic's WinRM remote-shell rule: fires once on the fixture's ws1. */
const ELASTIC = '1cd01db9-be24-4bef-8e7c-e923f0ff78ab';

test('sessions: create, rename, export, import, duplicate and delete', async ({ harness }) => {
  const r = await harness.evaluate(async () => {
    const h = sequentHarness;
    const sessions = new h.SessionService(h.freshContext());
    const first = await sessions.createSession('  first  ');
    const unnamed = await sessions.createSession();
    let refused = '';
    await sessions.renameSession(first.id, '   ').catch((e: Error) => (refused = e.message));
    await sessions.renameSession(first.id, 'renamed');
    const last = await sessions.lastSession();
    const copy = await sessions.duplicateSession(first.id);
    const imported = await sessions.importSession(await sessions.exportSession(first.id));
    await sessions.deleteSession(unnamed.id);
    let missing = '';
    await sessions.exportSession(unnamed.id).catch((e: Error) => (missing = e.message));
    return {
      first,
      unnamed,
      refused,
      last,
      copy,
      imported,
      missing,
      names: (await sessions.listSessions()).map((s) => s.name).sort(),
    };
  });
  expect(r.first).toMatchObject({ name: 'first', files: 0, alerts: 0, storage: 'full' });
  expect(r.unnamed.name).toBe('Case 2026-01-01 00:00 UTC');
  expect(r.refused).toBe('A session needs a name.');
  expect(r.last).toMatchObject({ id: r.first.id, name: 'renamed' });
  expect(r.copy.name).toBe('renamed (copy)');
  // The name exists here already: the import says where it came from.
  expect(r.imported.name).toBe('renamed (imported)');
  expect(new Set([r.first.id, r.copy.id, r.imported.id]).size).toBe(3);
  expect(r.missing).toBe(`There is no session ${r.unnamed.id}.`);
  expect(r.names).toEqual(['renamed', 'renamed (copy)', 'renamed (imported)']);
});

test('scan: a dropped file gives alerts, a file summary and session counts', async ({
  harness,
}) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const ctx = h.freshContext();
    const session = await new h.SessionService(ctx).createSession('scan');
    const scan = new h.ScanService(ctx);
    const phases: string[] = [];
    const outcome = await scan.scanFiles(
      session.id,
      [new File([text], 'winrm-positive.ndjson')],
      (p) => void phases.push(p.phase),
    );
    return { outcome, phases, files: await scan.listFiles(session.id) };
  }, POSITIVE);
  expect(r.outcome).toMatchObject({ cancelled: false, alerts: 2, readers: 1 });
  expect(r.outcome.session).toMatchObject({ files: 1, events: 8, alerts: 2 });
  expect(r.phases.at(-1)).toBe('done');
  expect(r.files).toHaveLength(1);
  expect(r.files[0]).toMatchObject({ name: 'winrm-positive.ndjson', status: 'done', mapped: 8 });
  // No SubtleCrypto on this insecure test origin: the file is then matched by name and size.
  expect(r.files[0]).toHaveProperty('sha256');
});

test('scan: a cancel stops a scan still waiting behind another', async ({ harness }) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const ctx = h.freshContext();
    const sessions = new h.SessionService(ctx);
    const scan = new h.ScanService(ctx);
    const [a, b] = [await sessions.createSession('a'), await sessions.createSession('b')];
    const file = () => new File([text], 'winrm-positive.ndjson');
    const running = scan.scanFiles(a.id, [file()], () => {});
    const waiting = scan.scanFiles(b.id, [file()], () => {});
    await scan.cancelScan();
    // No helper read: no row is still to come (the page would say it is counting).
    return [await running, await waiting].map((o) => [o.cancelled, o.lateRows ?? false]);
  }, POSITIVE);
  expect(r).toEqual([
    [true, false],
    [true, false],
  ]);
});

test('alerts: rows, evidence and triage; a provisional alert is shown but not triaged', async ({
  harness,
}) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const { ctx, session } = await h.scannedCase(text, 'winrm-positive.ndjson');
    const alerts = new h.AlertService(ctx);
    const rows = await alerts.listAlerts(session.id);
    const detail = await alerts.getAlert(session.id, rows[0].id);
    const triage = await alerts.setTriage(session.id, rows[0].id, {
      status: 'closed',
      reason: 'benign',
      notes: 'admin',
    });
    const reopened = await alerts.setTriage(session.id, rows[0].id, { status: 'open' });
    let unknown = '';
    await alerts.getAlert(session.id, 'nope').catch((e: Error) => (unknown = e.message));
    // A running scan's alerts stand in for the stored ones until it ends.
    const body = { ...structuredClone(detail), id: 'provisional-1', identity: 'p' };
    ctx.provisional.set(session.id, [body]);
    const during = await alerts.listAlerts(session.id);
    let refused = '';
    await alerts
      .setTriage(session.id, 'provisional-1', { status: 'closed' })
      .catch((e: Error) => (refused = e.message));
    ctx.provisional.delete(session.id);
    return { rows, detail, triage, reopened, unknown, during, refused };
  }, POSITIVE);
  expect(r.rows.map((a) => a.ruleId)).toContain(ELASTIC);
  expect(r.rows.every((a) => a.status === 'open' && !a.provisional)).toBe(true);
  expect(r.detail.steps.length).toBeGreaterThanOrEqual(2);
  expect(r.detail.steps[0].file).toBe('winrm-positive.ndjson');
  expect(r.triage).toMatchObject({ status: 'closed', reason: 'benign', notes: 'admin' });
  expect(r.reopened).toMatchObject({ status: 'open', reason: null, notes: 'admin' });
  expect(r.unknown).toBe('There is no alert nope in this session.');
  expect(r.during).toHaveLength(1);
  expect(r.during[0]).toMatchObject({ id: 'provisional-1', provisional: true });
  expect(r.refused).toBe('This alert is provisional while the scan runs: triage it once it ends.');
});

test('rules: seeded, checked, saved, switched off, re-run, reported', async ({ harness }) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const { ctx, session } = await h.scannedCase(text, 'winrm-positive.ndjson');
    const rules = new h.RuleService(ctx);
    const list = await rules.listRules();
    const bad = await rules.checkQuery('process where process.name ==');
    const good = await rules.checkQuery('sequence [process where true] [network where true]');
    const template = list.find((x) => x.id === '1cd01db9-be24-4bef-8e7c-e923f0ff78ab')!;
    let unparsed = '';
    await rules
      .saveRule({ ...template, id: '', name: 'mine', query: 'process where' })
      .catch((e: Error) => (unparsed = e.message));
    const mine = await rules.saveRule({
      ...template,
      id: '',
      name: 'cmd anywhere',
      query: 'process where process.name == "cmd.exe"',
    });
    await rules.setRuleEnabled(template.id, false);
    const diff = await rules.rerunRules(session.id);
    const reports = await rules.ruleReports(session.id);
    await rules.deleteRule(mine.id);
    const after = await rules.listRules();
    const ndjson = await (await rules.exportRules('ndjson')).text();
    return { count: list.length, bad, good, unparsed, mine, diff, reports, after, ndjson };
  }, POSITIVE);
  expect(r.count).toBeGreaterThan(1);
  expect(r.bad).toMatchObject({ ok: false, kind: null });
  expect(r.bad.error?.line).toBe(1);
  expect(r.good).toEqual({ ok: true, kind: 'sequence', error: null });
  expect(r.unparsed).toMatch(/^The query does not parse: /);
  expect(r.mine).toMatchObject({ name: 'cmd anywhere', error: null });
  // The Elastic rule's alert went, the new rule's came; the other rule's stayed.
  expect(r.diff.removed.map((a) => a.ruleId)).toEqual([ELASTIC]);
  expect(r.diff.added.length).toBeGreaterThan(0);
  expect(r.diff.added.every((a) => a.ruleName === 'cmd anywhere')).toBe(true);
  expect(r.diff.unchanged).toBe(1);
  expect(r.reports.some((x) => x.ruleName === 'cmd anywhere' && x.alerts > 0)).toBe(true);
  expect(r.after.some((x) => x.id === r.mine.id)).toBe(false);
  // One line per rule, then Kibana's export summary.
  const lines = r.ndjson.trim().split('\n');
  expect(lines).toHaveLength(r.after.length + 1);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ exported_count: r.after.length });
});

test('exceptions: added with a field, listed, removed', async ({ harness }) => {
  const r = await harness.evaluate(async () => {
    const h = sequentHarness;
    const exceptions = new h.ExceptionService(h.freshContext());
    let refused = '';
    await exceptions.addException('r1', '  ', 'x').catch((e: Error) => (refused = e.message));
    const made = await exceptions.addException('r1', ' host.name ', 'ws1', 'alert-1');
    const listed = await exceptions.listExceptions();
    await exceptions.removeException(made.id);
    return { refused, made, listed, after: await exceptions.listExceptions() };
  });
  expect(r.refused).toBe('An exception needs a field.');
  expect(r.made).toMatchObject({ ruleId: 'r1', field: 'host.name', value: 'ws1' });
  expect(r.made.fromAlert).toBe('alert-1');
  expect(r.listed).toEqual([r.made]);
  expect(r.after).toEqual([]);
});

test('hunting: a query over the stored events, its errors, history and field names', async ({
  harness,
}) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const { ctx, session } = await h.scannedCase(text, 'winrm-positive.ndjson');
    const hunt = new h.HuntService(ctx);
    const query = 'process where process.parent.name == "winrshost.exe"';
    const found = await hunt.hunt(session.id, query, { size: 1 });
    const bad = await hunt.hunt(session.id, 'process where');
    return {
      found,
      bad,
      history: await hunt.huntHistory(),
      fields: await hunt.fieldNames(session.id),
    };
  }, POSITIVE);
  expect(r.found).toMatchObject({ kind: 'event', error: null, truncated: true });
  expect(r.found.rows).toHaveLength(1);
  expect(r.found.total).toBeGreaterThan(1);
  expect(r.bad.error?.line).toBe(1);
  expect(r.bad.rows).toEqual([]);
  expect(r.history).toContain('process where process.parent.name == "winrshost.exe"');
  expect(r.fields).toContain('process.parent.name');
});

test('re-attach: the original file brings back the events of an alerts-only session', async ({
  harness,
}) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const { ctx, session } = await h.scannedCase(text, 'winrm-positive.ndjson');
    const reattach = new h.ReattachService(ctx);
    const hunt = new h.HuntService(ctx);
    const file = () => new File([text], 'winrm-positive.ndjson');
    const whole = await reattach.reattachFiles(session.id, [file()]);
    // What a full quota leaves: alerts kept, events gone.
    const repos = await ctx.repos();
    await repos.db.clear('events');
    await repos.sessions.update(session.id, (s) => ({ ...s, storage: 'alerts-only' }));
    let refused = '';
    await hunt.hunt(session.id, 'any where true').catch((e: Error) => (refused = e.message));
    const stranger = await reattach.reattachFiles(session.id, [new File(['{}\n'], 'other.json')]);
    const back = await reattach.reattachFiles(session.id, [file()]);
    const found = await hunt.hunt(session.id, 'any where true', { size: 100 });
    return {
      whole,
      refused,
      stranger,
      back,
      total: found.total,
      storage: (await repos.sessions.get(session.id))!.storage,
    };
  }, POSITIVE);
  expect(r.whole.kept).toBe('none');
  expect(r.whole.unmatched[0].reason).toMatch(/stored already/);
  expect(r.refused).toMatch(/attach the original files again to hunt/);
  expect(r.stranger.matched).toEqual([]);
  expect(r.stranger.unmatched.map((u) => u.name)).toEqual(['other.json']);
  expect(r.back).toMatchObject({ events: 8, kept: 'stored' });
  expect(r.back.matched.map((m) => m.name)).toEqual(['winrm-positive.ndjson']);
  expect(r.total).toBe(8);
  expect(r.storage).toBe('full');
});

test('hand-over: alerts as CSV and a Navigator layer, events as bulk lines', async ({
  harness,
}) => {
  const r = await harness.evaluate(async (text) => {
    const h = sequentHarness;
    const { ctx, session } = await h.scannedCase(text, 'winrm-positive.ndjson');
    const alerts = new h.AlertService(ctx);
    const handover = new h.HandoverService(ctx, alerts, new h.RuleService(ctx));
    const ids = (await alerts.listAlerts(session.id)).map((a) => a.id);
    const csv = await handover.exportAlerts(session.id, 'csv', ids.slice(0, 1));
    const layer = await handover.exportAlerts(session.id, 'navigator');
    const bulk = await handover.exportEvents(session.id, 'case-1');
    let badIndex = '';
    await handover
      .exportEvents(session.id, 'Bad Index')
      .catch((e: Error) => (badIndex = e.message));
    return {
      csv: { type: csv.type, lines: (await csv.text()).trim().split('\n').length },
      layer: JSON.parse(await layer.text()) as { name: string; techniques: unknown[] },
      bulk: (await bulk.text()).trim().split('\n').length,
      badIndex,
    };
  }, POSITIVE);
  expect(r.csv).toEqual({ type: 'text/csv', lines: 2 });
  expect(r.layer.name).toContain('scanned');
  expect(r.layer.techniques.length).toBeGreaterThan(0);
  expect(r.bulk).toBe(16);
  expect(r.badIndex).not.toBe('');
});

test('demo: two calls at once build one demo session, a later one reopens it', async ({
  harness,
}) => {
  const r = await harness.evaluate(async () => {
    const h = sequentHarness;
    const ctx = h.freshContext();
    const sessions = new h.SessionService(ctx);
    const demo = new h.DemoService(ctx, sessions, new h.ScanService(ctx));
    const [a, b] = await Promise.all([demo.loadDemo(), demo.loadDemo()]);
    const again = await demo.loadDemo();
    return { a, b, again, count: (await sessions.listSessions()).length };
  });
  expect(r.a).toMatchObject({ demo: true, name: 'Demo (synthetic data)' });
  expect(r.a.alerts).toBeGreaterThan(0);
  expect(r.b.id).toBe(r.a.id);
  expect(r.again.id).toBe(r.a.id);
  expect(r.count).toBe(1);
});
